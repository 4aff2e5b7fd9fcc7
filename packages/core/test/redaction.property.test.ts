import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oauthError } from '../src/catalogue/oauth-errors.js';
import { restError } from '../src/catalogue/rest-errors.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import { networkError } from '../src/http/network-error.js';
import type { Logger } from '../src/logger.js';
import { redactingLogger } from '../src/redaction/redacting-logger.js';

// Secrets: at least 8 printable characters, starting with a marker so they cannot occur by chance.
const secret = fc
  .string({
    minLength: 6,
    maxLength: 24,
    unit: fc.constantFrom(...'abcXYZ0189-_.~!*()@:/+=$,;&?#%"\'<>{}[] '.split('')),
  })
  .map((s) => `Zq${s}9`);

const secretField = fc.constantFrom(
  'password',
  'pwd',
  'client_secret',
  'access_token',
  'refresh_token',
  'accessKey',
  'ListSecret',
  'Secret',
  'code',
  'token',
);

function surfaces(error: MailUpError): string[] {
  return [error.message, String(error), error.stack ?? '', JSON.stringify(error), JSON.stringify(error.toJSON())];
}

function forms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])].filter(
    (f) => f.length >= 6,
  );
}

describe('property: secrets never leak', () => {
  it('into errors built from requests, bodies and headers carrying them', () => {
    fc.assert(
      fc.property(
        secret,
        secretField,
        fc.constantFrom('query', 'form', 'json', 'xml', 'header', 'bearer'),
        (value, field, where) => {
          const encoded = encodeURIComponent(value);
          const url = `https://services.mailup.com/x?user=m1&${field}=${encoded}`;
          const body = {
            query: `${field}=${encoded}`,
            form: `grant_type=password&${field}=${encoded}&username=m1`,
            json: JSON.stringify({ [field]: value, other: 1 }),
            xml: `<Login><user>a1</user><${field}>${value.replace(/[<>&]/g, '')}</${field}></Login>`,
            header: `Authorization: Basic ${value}`,
            bearer: `Bearer ${encoded}`,
          }[where];
          const errors = [
            new MailUpError({
              kind: 'permanent',
              protocol: 'rest',
              message: `POST ${url} failed with ${body}`,
              request: { method: 'POST', url },
              details: { body, headers: { authorization: `Bearer ${value}`, cookie: value }, [field]: value },
              cause: new Error(`${url} ${body}`),
            }),
            restError(400, JSON.stringify({ ErrorDescription: `bad ${body}` }), { request: { url } }),
            oauthError(400, { error: 'invalid_request', error_description: `rejected ${body}` }),
            networkError(
              Object.assign(new Error(`connect ${url}`), { code: 'ECONNRESET' }),
              'rest',
              { method: 'POST', url },
              true,
            ),
          ];
          for (const error of errors) {
            for (const text of surfaces(error)) {
              for (const form of forms(where === 'xml' ? value.replace(/[<>&]/g, '') : value)) {
                expect(text).not.toContain(form);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('into log lines written through redactingLogger', () => {
    fc.assert(
      fc.property(secret, secretField, (value, field) => {
        const lines: string[] = [];
        const sink: Logger = {
          debug: (...a) => lines.push(JSON.stringify(a)),
          info: (...a) => lines.push(JSON.stringify(a)),
          warn: (...a) => lines.push(JSON.stringify(a)),
          error: (...a) => lines.push(JSON.stringify(a)),
        };
        const logger = redactingLogger(sink);
        const encoded = encodeURIComponent(value);
        logger.info({
          request: { url: `https://h/?${field}=${encoded}`, headers: { Authorization: `Bearer ${value}` } },
        });
        logger.warn(`form ${field}=${encoded}&x=1`);
        logger.debug({ body: { nested: [{ [field]: value }] } });
        logger.error(new Error(`failed https://h/?${field}=${encoded}`));
        for (const line of lines) {
          for (const form of forms(value)) expect(line).not.toContain(form);
        }
      }),
      { numRuns: 300 },
    );
  });
});
