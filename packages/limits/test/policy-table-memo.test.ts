import { describe, expect, it } from 'vitest';
import { PolicyTable } from '../src/policy-table.js';

const T0 = Date.UTC(2026, 10, 22, 10);

describe('PolicyTable remembers only resolutions that neither the input nor the time can change', () => {
  it('gives the same resolution object for a plain rate row, call after call', () => {
    const table = new PolicyTable();
    const a = table.resolve('rest', 'GET Console/User/Lists', undefined, T0);
    const b = table.resolve('rest', 'GET Console/User/Lists', { any: 'input' }, T0 + 5000);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(a?.windows).toEqual([{ type: 'sliding', id: '1000ms', limit: 5, periodMs: 1010 }]);
  });

  it('still chooses an input-dependent row per call (SendSingleNewsletter: ID 5,000/day, else 100/day)', () => {
    const table = new PolicyTable();
    for (let i = 0; i < 3; i++) {
      expect(table.resolve('soap', 'SendSingleNewsletter', { type: 'ID' }, T0)?.keySuffix).toBe(
        'soap:SendSingleNewsletter#ID',
      );
      expect(table.resolve('soap', 'SendSingleNewsletter', { type: 'HTML' }, T0)?.keySuffix).toBe(
        'soap:SendSingleNewsletter#HTML',
      );
    }
  });

  it('still builds calendar-day windows at each call’s time', () => {
    const table = new PolicyTable({ daily: { calendar: { timeZone: 'Europe/Rome' } } });
    const today = table.resolve('soap', 'CreateNewsletter', undefined, T0)?.windows[0];
    const tomorrow = table.resolve('soap', 'CreateNewsletter', undefined, T0 + 86_400_000)?.windows[0];
    expect(today?.type).toBe('fixed');
    expect(tomorrow?.type === 'fixed' && today?.type === 'fixed' && tomorrow.start - today.start).toBe(86_400_000);
  });

  it('remembers that an operation has no limit, and stays right past 1,000 distinct operations', () => {
    const table = new PolicyTable({ baseRows: [] });
    for (let i = 0; i < 2500; i++) expect(table.resolve('rest', `GET x${i}`, undefined, T0)).toBeUndefined();
    const limited = new PolicyTable();
    for (let i = 0; i < 2500; i++)
      expect(limited.resolve('rest', `GET x${i}`, undefined, T0)?.keySuffix).toBe(`rest:GET x${i}`);
  });
});
