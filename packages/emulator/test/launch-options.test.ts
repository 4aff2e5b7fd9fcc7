import { spawnSync } from 'node:child_process';
import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import { EMULATOR_ENV, emulatorEnvLines, resolveLaunchOptions, SAMPLE_SEED, watchParent } from '../src/index.js';

describe('resolveLaunchOptions', () => {
  it('defaults to free ports on loopback and the sample seed', () => {
    expect(resolveLaunchOptions({}, {})).toEqual({
      httpPort: 0,
      smtpPort: 0,
      host: '127.0.0.1',
      allowRemote: false,
      account: { seed: SAMPLE_SEED },
    });
  });

  it('reads the outbox bounds from their flags or MAILUP_EMULATOR_OUTBOX_*, and refuses a count that is not positive', () => {
    const env = { [EMULATOR_ENV.outboxMaxMessages]: '25', [EMULATOR_ENV.outboxMaxBytes]: '1048576' };
    expect(resolveLaunchOptions({}, env)).toMatchObject({ outboxMaxMessages: 25, outboxMaxBytes: 1_048_576 });
    expect(resolveLaunchOptions({ outboxMaxMessages: 3 }, env)).toMatchObject({ outboxMaxMessages: 3 });
    expect(resolveLaunchOptions({}, {})).not.toHaveProperty('outboxMaxMessages');
    for (const bad of ['0', '-1', '1e3', 'many']) {
      expect(() => resolveLaunchOptions({}, { [EMULATOR_ENV.outboxMaxMessages]: bad })).toThrow(
        /MAILUP_EMULATOR_OUTBOX_MAX_MESSAGES must be a positive integer/,
      );
    }
    expect(() => resolveLaunchOptions({ outboxMaxBytes: '0' }, {})).toThrow(/--outbox-max-bytes/);
  });

  it('reads MAILUP_EMULATOR_* when a flag is absent, and a flag wins over its variable', () => {
    const env = {
      [EMULATOR_ENV.httpPort]: '8025',
      [EMULATOR_ENV.smtpPort]: '2525',
      [EMULATOR_ENV.host]: '0.0.0.0',
      [EMULATOR_ENV.allowRemote]: 'true',
    };
    expect(resolveLaunchOptions({}, env)).toEqual({
      httpPort: 8025,
      smtpPort: 2525,
      host: '0.0.0.0',
      allowRemote: true,
      account: { seed: SAMPLE_SEED },
    });
    expect(resolveLaunchOptions({ httpPort: 9000, smtpPort: '0', host: '::1' }, env)).toEqual({
      httpPort: 9000,
      smtpPort: 0,
      host: '::1',
      allowRemote: true,
      account: { seed: SAMPLE_SEED },
    });
    // An empty variable is unset (docker-compose writes `VAR=` for an unset interpolation).
    expect(resolveLaunchOptions({}, { [EMULATOR_ENV.httpPort]: '' }).httpPort).toBe(0);
  });

  it.each([
    [{}, { MAILUP_EMULATOR_HTTP_PORT: '80x' }, 'MAILUP_EMULATOR_HTTP_PORT must be a port'],
    [{}, { MAILUP_EMULATOR_SMTP_PORT: '65536' }, 'MAILUP_EMULATOR_SMTP_PORT must be a port'],
    [{ httpPort: '-1' }, {}, '--http-port must be a port'],
    [{}, { MAILUP_EMULATOR_ALLOW_REMOTE: 'maybe' }, 'MAILUP_EMULATOR_ALLOW_REMOTE must be 1/true/yes or 0/false/no'],
    [{}, { MAILUP_EMULATOR_HOST: '10.0.0.5' }, 'host 10.0.0.5 is not a loopback address'],
  ])('refuses %j %j with a validation MailUpError naming the source', (flags, env, message) => {
    let thrown: unknown;
    try {
      resolveLaunchOptions(flags, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MailUpError);
    expect(thrown).toMatchObject({ kind: 'validation', protocol: 'client' });
    expect((thrown as Error).message).toContain(message);
  });
});

describe('emulatorEnvLines', () => {
  it('flattens every leaf to MAILUP_EMULATOR_<PATH>, arrays by index, skipping absent values', () => {
    expect(
      emulatorEnvLines({
        urls: { http: 'http://127.0.0.1:1' },
        account: { consoleUser: 'm1', oauth: { clientId: 'c' }, lists: [{ id: 1 }, { id: 2 }], gone: undefined },
        endpoints: { soap: { WSMailUpImport: { wsdl: 'http://h/x.asmx?WSDL' } } },
      }),
    ).toBe(
      [
        'MAILUP_EMULATOR_URLS_HTTP=http://127.0.0.1:1',
        'MAILUP_EMULATOR_ACCOUNT_CONSOLE_USER=m1',
        'MAILUP_EMULATOR_ACCOUNT_OAUTH_CLIENT_ID=c',
        'MAILUP_EMULATOR_ACCOUNT_LISTS_0_ID=1',
        'MAILUP_EMULATOR_ACCOUNT_LISTS_1_ID=2',
        "MAILUP_EMULATOR_ENDPOINTS_SOAP_WS_MAIL_UP_IMPORT_WSDL='http://h/x.asmx?WSDL'",
        '',
      ].join('\n'),
    );
  });

  it('quotes values so a real shell reads them back unchanged', () => {
    const values = { plain: 'a-b_c.d', spaced: 'two words', quote: "it's $HOME `x` \\ !", wsdl: 'http://h/a?WSDL' };
    const script = `${emulatorEnvLines(values)}printf '%s\\n' "$MAILUP_EMULATOR_PLAIN" "$MAILUP_EMULATOR_SPACED" "$MAILUP_EMULATOR_QUOTE" "$MAILUP_EMULATOR_WSDL"`;
    const run = spawnSync('/bin/sh', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${Object.values(values).join('\n')}\n`);
  });
});

describe('watchParent', () => {
  /** A process tree the test rewires: pid → [parent, name]. */
  function tree(table: Map<number, [number, string]>) {
    return { parentOf: (pid: number) => table.get(pid)?.[0], nameOf: (pid: number) => table.get(pid)?.[1] };
  }

  it('calls back once when the parent changes, never while it stays, and not at all under init', async () => {
    const table = new Map<number, [number, string]>([[100, [4242, 'node']]]);
    let calls = 0;
    let gone = () => {};
    const called = new Promise<void>((resolve) => {
      gone = resolve;
    });
    const stop = watchParent(
      () => {
        calls++;
        gone();
      },
      { intervalMs: 5, pid: 100, tree: tree(table) },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(0);
    table.set(100, [1, 'node']);
    await called;
    table.set(100, [7, 'node']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(1);
    stop();

    let underInit = 0;
    const stopInit = watchParent(() => underInit++, {
      intervalMs: 5,
      pid: 100,
      tree: tree(new Map([[100, [1, 'node']]])),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(underInit).toBe(0);
    stopInit();
  });

  it("watches through a shell wrapper: npm's `sh -c` outliving a killed npm still counts as the parent ending", async () => {
    // node(100) ← sh(50) ← npm(20) ← bash(10) ← init: the interactive bash is the end of the chain, not watched.
    const table = new Map<number, [number, string]>([
      [100, [50, 'node']],
      [50, [20, 'sh']],
      [20, [10, 'npm exec mailup']],
      [10, [1, 'bash']],
    ]);
    const called = new Promise<void>((resolve) => {
      const stop = watchParent(
        () => {
          stop();
          resolve();
        },
        { intervalMs: 5, pid: 100, tree: tree(table) },
      );
    });
    table.set(50, [1, 'sh']); // npm was killed: the shell is re-parented, the emulator's own parent is unchanged
    await called;
  });
});
