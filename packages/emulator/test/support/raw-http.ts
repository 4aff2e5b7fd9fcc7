import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** An HTTP answer as read off the wire. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Host and port of an emulator base URL such as `http://127.0.0.1:41234`. */
export function hostPort(base: string): { host: string; port: number } {
  const url = new URL(base);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
}

/** Opens a plain TCP connection to the emulator. */
export function openSocket(base: string): Promise<Socket> {
  const { host, port } = hostPort(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes the connection (or `timeoutMs` passes). */
export function readUntilClosed(socket: Socket, timeoutMs = 5_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    const done = () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    };
    socket.once('close', done);
    socket.once('error', () => undefined);
  });
}

/** Waits until the server has sent a whole status line and headers on `socket`. */
export function readHead(socket: Socket, timeoutMs = 5_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) finish(text);
    };
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(value);
    };
    socket.on('data', onData);
    socket.once('close', () => finish(text || undefined));
    socket.once('error', () => undefined);
  });
}

/**
 * One request through `node:http` with headers `fetch` would not let a test set (a foreign `Host`, `Origin`,
 * `Sec-Fetch-Site`, a raw undecodable path).
 */
export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const { host, port } = hostPort(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
