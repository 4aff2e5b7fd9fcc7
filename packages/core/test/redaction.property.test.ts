import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oauthError } from '../src/catalogue/oauth-errors.js';
import { restError } from '../src/catalogue/rest-errors.js';
import { MailUpError } from '../src/errors/mailup-error.js';
import type { Logger } from '../src/logger.js';
import { networkError } from '../src/node/network-error.js';
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
  return [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(error.toJSON()),
    inspect(error, { depth: Number.POSITIVE_INFINITY }),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
}

/** An error shaped like an ioredis ReplyError: the command's args (the stored token JSON) ride along. */
function ioredisLikeError(message: string, args: string[]): Error {
  return Object.assign(new Error(message), {
    name: 'ReplyError',
    command: { name: 'evalsha', args: ['0123abcd', '1', 'mailup:token:{k}', '3', ...args] },
  });
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
  }, 30_000); // 300 runs × 4 errors × 7 renderings; a correctness property, slow on a loaded machine

  it('into util.inspect(err, { depth: Infinity }) through nested causes, ioredis-like causes and non-Error causes', () => {
    fc.assert(
      fc.property(secret, secretField, fc.integer({ min: 0, max: 8 }), (value, field, depth) => {
        const record = JSON.stringify({ accessToken: value, refreshToken: value, expiresAt: 1 });
        // A chain of `depth` plain errors whose innermost cause carries the secret as a property and in its args.
        let inner: unknown = ioredisLikeError('WRONGTYPE Operation against a key holding the wrong kind of value', [
          record,
        ]);
        Object.assign(inner as object, { [field]: value, options: { password: value }, record });
        for (let i = 0; i < depth; i++)
          inner = Object.assign(new Error(`layer ${i}`, { cause: inner }), { raw: value });
        const nestedMailUp = new MailUpError({
          kind: 'transient',
          protocol: 'oauth',
          message: 'token store failed',
          cause: inner,
        });
        const errors = [
          nestedMailUp,
          new MailUpError({ kind: 'permanent', protocol: 'rest', message: 'outer', cause: nestedMailUp }),
          new MailUpError({ kind: 'permanent', protocol: 'rest', message: 'plain object', cause: { [field]: value } }),
          new MailUpError({ kind: 'permanent', protocol: 'rest', message: 'string', cause: `${field}=${value}` }),
          new MailUpError({
            kind: 'permanent',
            protocol: 'rest',
            message: 'aggregate',
            cause: new AggregateError([inner], 'many', { cause: inner }),
          }),
          networkError(
            Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: { data: record } }),
            'oauth',
            { method: 'POST', url: 'https://services.mailup.com/Authorization/OAuth/Token', body: record },
            true,
          ),
        ];
        for (const error of errors) {
          for (const text of surfaces(error)) {
            for (const form of forms(value)) expect(text).not.toContain(form);
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it('a reduced cause keeps its name, redacted message and stack, and its nested causes (bounded)', () => {
    const root = ioredisLikeError('WRONGTYPE Operation against a key holding the wrong kind of value', ['x']);
    let chain: unknown = root;
    for (let i = 0; i < 50; i++) chain = new Error(`layer ${i}`, { cause: chain });
    const error = new MailUpError({ kind: 'permanent', protocol: 'oauth', message: 'store failed', cause: root });
    const cause = error.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause).not.toBe(root);
    expect(cause.name).toBe('ReplyError');
    expect(cause.message).toMatch(/^WRONGTYPE/);
    expect(cause.stack).toContain('WRONGTYPE');
    expect(Object.keys(cause)).toEqual([]);
    const deep = new MailUpError({ kind: 'permanent', protocol: 'oauth', message: 'deep', cause: chain });
    let depth = 0;
    for (let c: unknown = deep.cause; c instanceof Error; c = c.cause) depth++;
    expect(depth).toBeGreaterThan(3);
    expect(depth).toBeLessThan(20);
    expect(() => inspect(deep, { depth: Number.POSITIVE_INFINITY })).not.toThrow();
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
