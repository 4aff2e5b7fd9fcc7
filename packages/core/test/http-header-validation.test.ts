import { describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';
import { HttpTransport } from '../src/node/http-transport.js';

// Every control character except HTAB, plus DEL. The URL's port 1 is never reached: validation comes first.
const controls = [...Array.from({ length: 32 }, (_, i) => i).filter((c) => c !== 9), 0x7f].map((c) =>
  String.fromCharCode(c),
);

describe('HttpTransport refuses control characters in headers (axios would strip them silently)', () => {
  it.each(controls.map((c) => [c.charCodeAt(0).toString(16).padStart(2, '0'), c]))(
    'per-request header value and name with 0x%s ⇒ validation, nothing sent',
    async (_hex, c) => {
      const t = new HttpTransport({ protocol: 'rest', lookup: () => expect.fail('nothing may be resolved') });
      try {
        for (const headers of [{ 'x-a': `b${c}c` }, { [`x${c}a`]: 'b' }]) {
          const error = await t.send({ method: 'GET', url: 'https://api.example/', headers }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(MailUpError.is(error, 'validation')).toBe(true);
          expect((error as MailUpError).message).toMatch(/control character/);
        }
      } finally {
        t.close();
      }
    },
  );

  it.each(controls.map((c) => [c.charCodeAt(0).toString(16).padStart(2, '0'), c]))(
    'transport default header with 0x%s ⇒ validation at construction',
    (_hex, c) => {
      expect(() => new HttpTransport({ protocol: 'rest', headers: { 'x-a': `b${c}` } })).toThrow(
        expect.objectContaining({ kind: 'validation' }),
      );
      expect(() => new HttpTransport({ protocol: 'rest', headers: { [`x${c}`]: 'b' } })).toThrow(
        expect.objectContaining({ kind: 'validation' }),
      );
    },
  );

  it('a horizontal tab in a value is allowed, and the error never echoes the value', async () => {
    expect(() => new HttpTransport({ protocol: 'rest', headers: { 'x-a': 'b\tc' } })).not.toThrow();
    const t = new HttpTransport({ protocol: 'rest' });
    const error = (await t
      .send({ method: 'GET', url: 'https://api.example/', headers: { authorization: 'Bearer s3cr3t\u0000' } })
      .catch((e: unknown) => e)) as MailUpError;
    t.close();
    expect(error.kind).toBe('validation');
    expect(`${error.message} ${error.stack}`).not.toContain('s3cr3t');
  });
});
