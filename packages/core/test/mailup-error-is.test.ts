import { describe, expect, it } from 'vitest';
import { MailUpError } from '../src/errors/mailup-error.js';

/** What a second copy of core (the CJS build next to the ESM one) gives: same name and shape, another class. */
class OtherCopyMailUpError extends Error {
  override readonly name = 'MailUpError';
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

describe('MailUpError.is works across copies of core; instanceof does not', () => {
  it('accepts a MailUpError of another class (as from a second copy of core), which instanceof rejects', () => {
    const foreign = new OtherCopyMailUpError('throttled elsewhere', 'throttled');
    expect(foreign instanceof MailUpError).toBe(false);
    expect(MailUpError.is(foreign)).toBe(true);
    expect(MailUpError.is(foreign, 'throttled')).toBe(true);
    expect(MailUpError.is(foreign, 'transient')).toBe(false);
  });

  it('rejects errors of other names and non-errors', () => {
    expect(MailUpError.is(new Error('x'))).toBe(false);
    expect(MailUpError.is({ name: 'MailUpError', kind: 'throttled' })).toBe(false);
    expect(MailUpError.is(undefined)).toBe(false);
  });

  it('a foreign MailUpError used as a cause is rebuilt from its own fields only', () => {
    const foreign = Object.assign(new OtherCopyMailUpError('inner', 'transient'), {
      protocol: 'rest',
      command: { args: ['{"refreshToken":"rt-secret-value"}'] },
    });
    const outer = new MailUpError({ kind: 'permanent', protocol: 'rest', message: 'outer', cause: foreign });
    expect(MailUpError.is(outer.cause, 'transient')).toBe(true);
    expect(outer.cause).not.toHaveProperty('command');
  });
});
