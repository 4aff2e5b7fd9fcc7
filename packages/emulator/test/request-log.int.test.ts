import { describe, expect, it } from 'vitest';
import { EMULATOR_ENV, resolveLaunchOptions, runEmulatorCommand } from '../src/index.js';

interface Started {
  line: { urls: { http: string }; account: Record<string, unknown> & { consoleUser: string; consolePassword: string } };
  err: () => string;
  stop: () => Promise<number>;
}

/** Runs the standalone command line in-process with an IO that keeps stderr. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  let out = '';
  let err = '';
  const shutdown = new AbortController();
  let gotLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => {
    gotLine = resolve;
  });
  const exit = runEmulatorCommand([...args, '--no-parent-watch'], {
    stdout: (text) => {
      out += text;
      if (out.includes('\n')) gotLine(out.slice(0, out.indexOf('\n')));
    },
    stderr: (text) => {
      err += text;
    },
    env,
    shutdown: shutdown.signal,
  });
  const line = JSON.parse(await firstLine) as Started['line'];
  return {
    line,
    err: () => err,
    stop: () => {
      shutdown.abort();
      return exit;
    },
  };
}

/** A password grant (secrets in the form and the Basic header), a REST call with a token in its query, a frontend page. */
async function traffic(started: Started): Promise<string[]> {
  const { http } = started.line.urls;
  const a = started.line.account as unknown as {
    consoleUser: string;
    consolePassword: string;
    oauth: { clientId: string; clientSecret: string };
  };
  const token = await fetch(`${http}/Authorization/OAuth/Token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${a.oauth.clientId}:${a.oauth.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'password', username: a.consoleUser, password: a.consolePassword }),
  });
  const access = ((await token.json()) as { access_token: string }).access_token;
  const rest = await fetch(`${http}/API/v1.1/Rest/ConsoleService.svc/Console/User/Lists?access_token=${access}`, {
    headers: { authorization: `Bearer ${access}` },
  });
  expect(rest.status).toBe(200);
  await fetch(`${http}/frontend/Xmlchksubscriber.aspx?list=1&email=a@example.com`);
  await fetch(`${http}/__emulator/health`);
  return [a.consolePassword, a.oauth.clientSecret, access];
}

describe('the request log (--log, MAILUP_EMULATOR_LOG)', () => {
  it('--log writes one text line per request on stderr (method, path, protocol, operation, status, ms), no secret', async () => {
    const started = await start(['--log']);
    const secrets = await traffic(started);
    expect(await started.stop()).toBe(0);
    const lines = started
      .err()
      .split('\n')
      .filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/ POST \/Authorization\/OAuth\/Token oauth oauth:token 200 [\d.]+ms$/);
    expect(lines[1]).toMatch(
      / GET \/API\/v1\.1\/Rest\/ConsoleService\.svc\/Console\/User\/Lists\?access_token=\[REDACTED\] rest rest:GET Console\/User\/Lists 200 [\d.]+ms$/,
    );
    expect(lines[2]).toMatch(
      / GET \/frontend\/Xmlchksubscriber\.aspx\?list=1&email=a@example\.com frontend frontend:Xmlchksubscriber 200 /,
    );
    for (const secret of secrets) expect(started.err()).not.toContain(secret);
  });

  it('MAILUP_EMULATOR_LOG=json writes one JSON object per line, no secret; without either nothing is logged', async () => {
    const json = await start([], { [EMULATOR_ENV.log]: 'json' });
    const secrets = await traffic(json);
    await json.stop();
    const objects = json
      .err()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => [o.method, o.protocol, o.operation, o.status])).toEqual([
      ['POST', 'oauth', 'oauth:token', 200],
      ['GET', 'rest', 'rest:GET Console/User/Lists', 200],
      ['GET', 'frontend', 'frontend:Xmlchksubscriber', 200],
    ]);
    expect(objects[1]).toMatchObject({ accountId: 51234, ms: expect.any(Number), time: expect.any(String) });
    for (const secret of secrets) expect(json.err()).not.toContain(secret);

    const quiet = await start([]);
    await traffic(quiet);
    await quiet.stop();
    expect(quiet.err()).not.toMatch(/oauth:token|rest:GET/);
  });

  it('--no-journal keeps no entries while --log still logs; a bad --log format is a usage error (exit 2)', async () => {
    const started = await start(['--no-journal', '--log', 'text', '--journal-max-entries', '5']);
    await fetch(`${started.line.urls.http}/frontend/Xmlchksubscriber.aspx?list=1&email=a@example.com`);
    const count = await fetch(`${started.line.urls.http}/__emulator/journal/count`);
    expect(await count.json()).toEqual({ count: 0 });
    await started.stop();
    expect(started.err()).toContain('frontend:Xmlchksubscriber');

    let err = '';
    const code = await runEmulatorCommand(['--log=xml'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: {},
      shutdown: new AbortController().signal,
    });
    expect(code).toBe(2);
    expect(err).toContain('--log must be text (or 1), json or 0');
  });

  it('resolves the journal bounds and the log from flags over the environment, naming the source of a bad value', () => {
    const env = {
      [EMULATOR_ENV.journalMaxEntries]: '50',
      [EMULATOR_ENV.journalMaxBytes]: '100000',
      [EMULATOR_ENV.log]: '1',
    };
    expect(resolveLaunchOptions({}, env)).toMatchObject({ journal: { maxEntries: 50, maxBytes: 100000 }, log: 'text' });
    expect(resolveLaunchOptions({ journalMaxEntries: '7', log: 'json' }, env)).toMatchObject({
      journal: { maxEntries: 7 },
      log: 'json',
    });
    expect(resolveLaunchOptions({}, { [EMULATOR_ENV.journal]: '0' }).journal).toEqual({ enabled: false });
    expect(resolveLaunchOptions({}, { [EMULATOR_ENV.journal]: '1' }).journal).toBeUndefined();
    expect(() => resolveLaunchOptions({}, { [EMULATOR_ENV.journalMaxEntries]: '0' })).toThrow(
      /MAILUP_EMULATOR_JOURNAL_MAX_ENTRIES must be a positive integer/,
    );
    expect(() => resolveLaunchOptions({}, { [EMULATOR_ENV.log]: 'yaml' })).toThrow(/MAILUP_EMULATOR_LOG must be/);
    expect(() => resolveLaunchOptions({}, { [EMULATOR_ENV.journal]: 'maybe' })).toThrow(
      /MAILUP_EMULATOR_JOURNAL must be/,
    );
  });
});
