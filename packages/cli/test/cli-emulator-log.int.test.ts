import { describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { argv, memoryIO } from './support/memory-io.js';

describe('mailup emulator --log and the journal flags', () => {
  it('--log json writes one JSON object per request on stderr without secrets; --journal-max-entries bounds the journal', async () => {
    const io = memoryIO();
    const exit = runCli(argv('emulator', '--log', 'json', '--journal-max-entries', '2', '--no-parent-watch'), io);
    const line = JSON.parse(await io.firstLine()) as {
      urls: { http: string };
      account: { consoleUser: string; consolePassword: string; oauth: { clientId: string; clientSecret: string } };
    };
    const { http } = line.urls;
    const a = line.account;
    await fetch(`${http}/Authorization/OAuth/Token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${a.oauth.clientId}:${a.oauth.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'password', username: a.consoleUser, password: a.consolePassword }),
    });
    for (let i = 0; i < 3; i++) await fetch(`${http}/frontend/Xmlchksubscriber.aspx?list=1&email=${i}@example.com`);
    const journal = (await (await fetch(`${http}/__emulator/journal`)).json()) as { entries: Array<{ path: string }> };
    expect(journal.entries.map((e) => e.path)).toEqual([
      '/frontend/Xmlchksubscriber.aspx?list=1&email=1@example.com',
      '/frontend/Xmlchksubscriber.aspx?list=1&email=2@example.com',
    ]);
    io.stop();
    expect(await exit).toBe(0);
    const objects = io
      .err()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.operation)).toEqual([
      'oauth:token',
      'frontend:Xmlchksubscriber',
      'frontend:Xmlchksubscriber',
      'frontend:Xmlchksubscriber',
    ]);
    expect(objects[0]).toMatchObject({ method: 'POST', path: '/Authorization/OAuth/Token', status: 200 });
    expect(io.err()).not.toContain(a.consolePassword);
    expect(io.err()).not.toContain(a.oauth.clientSecret);
  });

  it('a bare --log writes text lines; MAILUP_EMULATOR_LOG=bad is a usage error', async () => {
    const io = memoryIO();
    const exit = runCli(argv('emulator', '--log', '--no-parent-watch'), io);
    const line = JSON.parse(await io.firstLine()) as { urls: { http: string } };
    await fetch(`${line.urls.http}/frontend/Xmlchksubscriber.aspx?list=1&email=a@example.com`);
    io.stop();
    expect(await exit).toBe(0);
    expect(io.err()).toMatch(
      / GET \/frontend\/Xmlchksubscriber\.aspx\?list=1&email=a@example\.com frontend frontend:Xmlchksubscriber 200 [\d.]+ms\n/,
    );

    const bad = memoryIO({ MAILUP_EMULATOR_LOG: 'bad' });
    const code = await runCli(argv('emulator', '--no-parent-watch'), bad).catch(() => 'threw');
    expect(bad.err()).toContain('MAILUP_EMULATOR_LOG must be');
    expect(code).toBe(2);
  });
});
