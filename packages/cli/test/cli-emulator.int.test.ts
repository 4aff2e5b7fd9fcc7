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

    expect(Object.keys(line).sort()).toEqual(['account', 'urls']);
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
    });
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
});
