import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileQuotaStore, Limiter } from '@mailup-kit/limits';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { argv, memoryIO } from './support/memory-io.js';

const run = async (args: string[], env?: Record<string, string>) => {
  const io = memoryIO(env);
  const code = await runCli(argv('quota', ...args), io);
  return { code, out: io.out(), err: io.err() };
};

describe('mailup quota', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailup-kit-cli-quota-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the full budget of every named operation as a table (memory store)', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^PROTOCOL\s+OPERATION\s+REMAINING\s+NEXT ALLOWED\s+USED \/ LIMIT$/);
    expect(out).toMatch(/soap\s+CreateNewsletter\s+100\s+now\s+0\/100 per 24h/);
    expect(out).toMatch(/soap\s+SendSingleNewsletter#ID\s+5000\s+now/);
    expect(out).toMatch(/soap\s+SendDirectSMS\s+10\s+now\s+0\/10 per 1000ms/);
  });

  it('shows what other processes consumed through a file store, as JSON', async () => {
    const path = join(dir, 'quota.json');
    const limiter = new Limiter({ store: new FileQuotaStore({ path }), account: 51234 });
    for (let i = 0; i < 3; i++) await limiter.acquire({ protocol: 'soap', operation: 'CreateNewsletter' });
    for (let i = 0; i < 5; i++) await limiter.acquire({ protocol: 'rest', operation: 'GET Console/User/Lists' });
    await limiter.pause({ protocol: 'rest', operation: 'GET Console/User/Lists' }, 60_000);
    const { code, out } = await run(['--json', '--store', 'file', '--file', path, '--account', '51234']);
    expect(code).toBe(0);
    const reports = JSON.parse(out) as Array<Record<string, unknown>>;
    const create = reports.find((r) => r.operation === 'CreateNewsletter');
    expect(create).toMatchObject({ account: '51234', protocol: 'soap', remaining: 97 });
    const lists = reports.find((r) => r.operation === 'GET Console/User/Lists');
    expect(lists).toMatchObject({ protocol: 'rest', remaining: 0 });
    expect(Date.parse(String(lists?.pausedUntil))).toBeGreaterThan(Date.now() + 50_000);
    expect(Date.parse(String(lists?.nextAllowedAt))).toBe(Date.parse(String(lists?.pausedUntil)));
    const table = await run(['--store', 'file', '--file', path, '--account', '51234']);
    expect(table.out).toMatch(/rest\s+GET Console\/User\/Lists\s+0\s+\S+Z \(paused\)/);
  });

  it('refuses bad options with a clear message and exit code 2', async () => {
    expect(await run(['--store', 'file'])).toMatchObject({ code: 2, err: expect.stringMatching(/--file PATH/) });
    expect(await run(['--store', 'redis'])).toMatchObject({ code: 2, err: expect.stringMatching(/--redis URL/) });
    expect(await run(['--store', 'disk'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown store/) });
    expect(await run(['--calendar', '--time-zone', 'Mars/Base'])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/validation: unknown time zone/),
    });
  });
});
