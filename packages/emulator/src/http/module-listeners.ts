import { createServer, type Server, type Socket } from 'node:net';
import type { ListenOptions, ModuleListener } from '../types.js';

const URL_KEY = /^[a-z][a-zA-Z0-9]*$/;

/**
 * The extra listeners modules open with `ctx.listen()` (SMTP …): on the emulator's own interface, port 0 by
 * default, each URL added to the emulator's `urls` under its key; all closed (open connections destroyed) with
 * the emulator.
 */
export class ModuleListeners {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly host: string,
    private readonly urls: Record<string, string>,
  ) {}

  async listen(options: ListenOptions): Promise<ModuleListener> {
    if (!URL_KEY.test(options.key)) throw new Error(`ctx.listen: key "${options.key}" must be a camelCase word`);
    if (options.key in this.urls) throw new Error(`ctx.listen: url key already taken: ${options.key}`);
    if (!/^[a-z][a-z0-9+.-]*$/.test(options.scheme)) throw new Error(`ctx.listen: bad scheme "${options.scheme}"`);
    this.urls[options.key] = ''; // reserve the key while listening
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      options.onConnection(socket);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, this.host, () => resolve());
      });
    } catch (error) {
      delete this.urls[options.key];
      throw error;
    }
    this.servers.push(server);
    const address = server.address() as { address: string; family: string; port: number };
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `${options.scheme}://${host}:${address.port}`;
    this.urls[options.key] = url;
    return { url, host: address.address, port: address.port };
  }

  async closeAll(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
  }
}
