import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { isCallbackName, newCallbackName, parseJsonp } from '../src/index.js';

describe('parseJsonp (strict, never evaluates)', () => {
  it('reads name(<json>); with or without ; and whitespace', () => {
    expect(parseJsonp('cb({"a":[1,2]});', 'cb')).toEqual({ callback: 'cb', data: { a: [1, 2] }, status: undefined });
    expect(parseJsonp('  cb( [1,401] ) \n', 'cb').data).toEqual([1, 401]);
    expect(parseJsonp('$_x9(null)').callback).toBe('$_x9');
  });

  it("reads WCF's error form name(<json>,<status>);", () => {
    expect(parseJsonp('cb({"ErrorCode":"401"},401);', 'cb')).toMatchObject({ status: 401, data: { ErrorCode: '401' } });
  });

  it.each([
    ['code instead of JSON', 'cb(alert(1));'],
    ['a second statement', 'cb({});alert(1)'],
    ['another callback', 'other({});'],
    ['a member expression', 'window.cb({});'],
    ['a missing paren', 'cb({}'],
    ['no call at all', '{"a":1}'],
    ['a comment trick', 'cb({}/*);'],
    ['a trailing call', 'cb({})(1);'],
  ])('refuses %s with a permanent MailUpError', (_name, text) => {
    let error: unknown;
    try {
      parseJsonp(text, 'cb');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailUpError);
    expect((error as MailUpError).kind).toBe('permanent');
  });

  it('refuses an invalid expected callback name as validation', () => {
    expect(() => parseJsonp('x({})', 'x;alert(1)')).toThrow(expect.objectContaining({ kind: 'validation' }));
  });
});

describe('callback names', () => {
  it('accepts identifiers only, bounded length', () => {
    expect(isCallbackName('cb_1$')).toBe(true);
    for (const bad of ['', '1a', 'a.b', 'a b', 'a(1)', 'a;b', 'x'.repeat(129), 'a\nb', 'ä']) {
      expect(isCallbackName(bad), bad).toBe(false);
    }
  });
  it('new names are unique and valid', () => {
    const names = new Set(Array.from({ length: 1000 }, () => newCallbackName()));
    expect(names.size).toBe(1000);
    for (const n of names) expect(isCallbackName(n)).toBe(true);
  });
});
