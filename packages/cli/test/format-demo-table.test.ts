import { describe, expect, it } from 'vitest';
import { formatDemoTable } from '../src/demo/format-demo-table.js';

describe('formatDemoTable', () => {
  it('aligns columns, marks failures and ends with a summary', () => {
    const table = formatDemoTable([
      { name: 'emulator health', protocol: 'client', ok: true, ms: 12, detail: 'fine' },
      { name: 'oauth', protocol: 'rest', ok: false, ms: 1234, detail: 'token endpoint answered 500' },
      {
        name: 'facade send',
        protocol: 'client',
        ok: true,
        ms: 7,
        detail: 'sent',
        routing: {
          operation: 'transactional.email.send',
          servedBy: 'smtp',
          fallback: 'txmail (auth-invalid) → smtp',
          budgetLeft: 'unlimited',
        },
      },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toBe(
      'step             protocol  result  ms    served by  fallback                      budget     detail',
    );
    expect(lines[1]).toMatch(/^-{15} {2}-{8} {2}-{6} {2}-{4} {2}-{9} {2}-{28} {2}-{9} {2}-{27}$/);
    expect(lines[2]).toBe(
      'emulator health  client    ok      12    -          -                             -          fine',
    );
    expect(lines[3]).toBe(
      'oauth            rest      FAIL    1234  -          -                             -          token endpoint answered 500',
    );
    expect(lines[4]).toBe(
      'facade send      client    ok      7     smtp       txmail (auth-invalid) → smtp  unlimited  sent',
    );
    expect(lines.at(-2)).toBe('2 of 3 steps ok, 1 failed');
    expect(table.endsWith('\n')).toBe(true);
  });

  it('says all ok when nothing failed', () => {
    const table = formatDemoTable([{ name: 'a', protocol: 'client', ok: true, ms: 1, detail: '' }]);
    expect(table).toContain('1 of 1 steps ok\n');
    expect(table).not.toContain('failed');
  });
});
