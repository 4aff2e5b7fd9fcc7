import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/program.js';
import { argv, type MemoryIO, memoryIO } from './support/memory-io.js';

describe('mailup emulator (in-process)', () => {
  let io: MemoryIO | undefined;
  afterEach(() => io?.stop());

  it('prints exactly one JSON line, serves HTTP until shutdown, then exits 0 and stops listening', async () => {
    io = memoryIO();
    const exit = runCli(argv('emulator'), io);
    const line = JSON.parse(await io.firstLine());

    // The line is a public interface: keys are only added (endpoints, account.smtpPlus), never renamed or removed.
    expect(Object.keys(line).sort()).toEqual(['account', 'endpoints', 'urls']);
    expect(line.urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.account).toEqual({
      id: 51234,
      consoleUser: 'm51234',
      consolePassword: expect.any(String),
      apiUser: 'a51234',
      apiPassword: expect.any(String),
      oauth: { clientId: expect.any(String), clientSecret: expect.any(String) },
      lists: [
        { id: 1, guid: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Newsletter' },
        { id: 2, guid: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Customers' },
      ],
      smtpPlus: { username: 's51234_1', password: expect.any(String), listId: 1 },
      // The command line's default seed is `sample`: each list's SMS ListSecret is in the line.
      sms: [expect.objectContaining({ listId: 1 }), expect.objectContaining({ listId: 2 })],
    });
    expect(line.endpoints.rest.console).toBe(`${line.urls.http}/API/v1.1/Rest/ConsoleService.svc`);
    expect(line.account.consolePassword.length).toBeGreaterThan(8);

    const health = await fetch(`${line.urls.http}/__emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, accountId: 51234 });

    io.stop();
    expect(await exit).toBe(0);
    expect(io.out().split('\n')).toEqual([expect.any(String), '']);
    expect(io.err()).toContain('listening on');
    await expect(fetch(`${line.urls.http}/__emulator/health`)).rejects.toThrow();
  });

  it('--smtp-port puts the SMTP+ relay on that port, named in the JSON line beside http', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    io = memoryIO();
    const exit = runCli(argv('emulator', '--smtp-port', String(free)), io);
    const line = JSON.parse(await io.firstLine());
    expect(line.urls).toEqual({ http: expect.any(String), smtp: `smtp://127.0.0.1:${free}` });
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(free, '127.0.0.1');
      socket.once('data', (chunk) => {
        resolve(chunk.toString());
        socket.end();
      });
      socket.once('error', reject);
    });
    expect(greeting).toMatch(/^220 /);
    io.stop();
    expect(await exit).toBe(0);
  });

  it('--outbox-max-messages and --outbox-max-bytes reach the emulator: the inbox JSON states its bounds (issue 16 item 7)', async () => {
    io = memoryIO();
    const exit = runCli(argv('emulator', '--outbox-max-messages', '2', '--outbox-max-bytes', '1048576'), io);
    const line = JSON.parse(await io.firstLine());
    const inbox = await fetch(`${line.urls.http}/__emulator/inbox`, { headers: { accept: 'application/json' } });
    expect(await inbox.json()).toMatchObject({
      evicted: { mail: 0, sms: 0 },
      retention: { maxMessages: 2, maxBytes: 1_048_576 },
    });
    io.stop();
    expect(await exit).toBe(0);
  });

  it('refuses an --outbox-max-messages that is not a positive integer (usage error)', async () => {
    io = memoryIO();
    expect(await runCli(argv('emulator', '--outbox-max-messages', '0'), io)).toBe(2);
    expect(io.err()).toMatch(/positive integer/);
  });

  it("--seed sample seeds recipients, messages and SMS and names each list's ListSecret; an unknown seed is a usage error", async () => {
    io = memoryIO();
    const exit = runCli(argv('emulator', '--seed', 'sample', '--no-parent-watch'), io);
    const line = JSON.parse(await io.firstLine());
    expect(line.account.sms).toEqual([
      {
        listId: 1,
        listGuid: line.account.lists[0].guid,
        listSecret: expect.stringMatching(/^[0-9a-f-]{36}$/),
        senderName: 'Newsletter',
      },
      {
        listId: 2,
        listGuid: line.account.lists[1].guid,
        listSecret: expect.stringMatching(/^[0-9a-f-]{36}$/),
        senderName: 'Customers',
      },
    ]);
    io.stop();
    expect(await exit).toBe(0);

    io = memoryIO();
    expect(await runCli(argv('emulator', '--seed', 'nope'), io)).toBe(2);
    expect(io.err()).toMatch(/--seed must be empty, sample or a readable JSON seed file/);
    expect(io.out()).toBe('');
  });

  it('listens on the requested --http-port and --host', async () => {
    const probe = await import('node:net').then(
      (net) =>
        new Promise<number>((resolve) => {
          const server = net.createServer().listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
          });
        }),
    );
    io = memoryIO();
    const exit = runCli(argv('emulator', '--http-port', String(probe), '--host', '127.0.0.1'), io);
    const line = JSON.parse(await io.firstLine());
    expect(line.urls.http).toBe(`http://127.0.0.1:${probe}`);
    io.stop();
    expect(await exit).toBe(0);
  });

  it('refuses a bad port with a usage error and prints nothing on stdout', async () => {
    io = memoryIO();
    const code = await runCli(argv('emulator', '--http-port', '70000'), io);
    expect(code).not.toBe(0);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/--http-port.*invalid.*0 to 65535/);
  });

  it('a taken port exits 1 naming the port and suggesting another or 0', async () => {
    const first = memoryIO();
    const firstExit = runCli(argv('emulator'), first);
    const { urls } = JSON.parse(await first.firstLine());
    const port = new URL(urls.http).port;
    try {
      io = memoryIO();
      const code = await runCli(argv('emulator', '--http-port', port), io);
      expect(code).toBe(1);
      expect(io.out()).toBe('');
      expect(io.err()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(io.err()).toContain('--http-port 0 for a free one');
      expect(io.err()).not.toMatch(/\n\s+at /);
    } finally {
      first.stop();
      expect(await firstExit).toBe(0);
    }
  });

  /** A port nothing listens on right now. */
  async function freePort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it('MAILUP_EMULATOR_HTTP_PORT / _SMTP_PORT fix the ports (docker-compose style); a flag wins over its variable', async () => {
    const [http, smtp, flagged] = [await freePort(), await freePort(), await freePort()];
    io = memoryIO({ MAILUP_EMULATOR_HTTP_PORT: String(http), MAILUP_EMULATOR_SMTP_PORT: String(smtp) });
    let exit = runCli(argv('emulator'), io);
    let line = JSON.parse(await io.firstLine());
    expect(line.urls).toEqual({ http: `http://127.0.0.1:${http}`, smtp: `smtp://127.0.0.1:${smtp}` });
    io.stop();
    expect(await exit).toBe(0);

    io = memoryIO({ MAILUP_EMULATOR_HTTP_PORT: String(http), MAILUP_EMULATOR_HOST: '127.0.0.1' });
    exit = runCli(argv('emulator', '--http-port', String(flagged)), io);
    line = JSON.parse(await io.firstLine());
    expect(line.urls.http).toBe(`http://127.0.0.1:${flagged}`);
    io.stop();
    expect(await exit).toBe(0);
  });

  it('a bad MAILUP_EMULATOR_SMTP_PORT or a remote MAILUP_EMULATOR_HOST is a usage error naming the variable', async () => {
    io = memoryIO({ MAILUP_EMULATOR_SMTP_PORT: 'twenty-five' });
    expect(await runCli(argv('emulator'), io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('MAILUP_EMULATOR_SMTP_PORT must be a port, an integer from 0 (a free one) to 65535');

    io = memoryIO({ MAILUP_EMULATOR_HOST: '0.0.0.0' });
    expect(await runCli(argv('emulator'), io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('host 0.0.0.0 is not a loopback address');
  });

  it('--env prints the JSON line as KEY=value lines a shell or .env file reads', async () => {
    io = memoryIO();
    const exit = runCli(argv('emulator', '--env'), io);
    await io.firstLine();
    // The lines are written in one piece before the emulator says it listens.
    await new Promise((resolve) => setImmediate(resolve));
    const lines = io.out().trimEnd().split('\n');
    const vars = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    for (const line of lines) expect(line).toMatch(/^MAILUP_EMULATOR_[A-Z0-9_]+=\S+$/);
    const http = vars.get('MAILUP_EMULATOR_URLS_HTTP') ?? '';
    expect(http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(vars.get('MAILUP_EMULATOR_ACCOUNT_CONSOLE_USER')).toBe('m51234');
    expect(vars.get('MAILUP_EMULATOR_ACCOUNT_SMTP_PLUS_USERNAME')).toBe('s51234_1');
    expect(vars.get('MAILUP_EMULATOR_ACCOUNT_LISTS_1_NAME')).toBe('Customers');
    expect(vars.get('MAILUP_EMULATOR_ENDPOINTS_SOAP_MAILUP_SEND_WSDL')).toBe(`'${http}/MailupSend.asmx?WSDL'`);
    expect(vars.get('MAILUP_EMULATOR_ENDPOINTS_SMTP_CA_URL')).toBe(`${http}/__emulator/smtp/ca.pem`);
    const pem = await fetch(vars.get('MAILUP_EMULATOR_ENDPOINTS_SMTP_CA_URL') ?? '');
    expect(await pem.text()).toContain('BEGIN CERTIFICATE');
    io.stop();
    expect(await exit).toBe(0);
  });
});
