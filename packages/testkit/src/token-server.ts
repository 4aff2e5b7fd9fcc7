import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test Token endpoint does with one refresh: answer at once, or trickle the answer byte by byte. */
export interface TokenServerOptions {
  /** Send the 200 body one byte every `byteEveryMs` (default: all at once). */
  trickle?: { byteEveryMs: number; totalMs: number };
  /** Runs after the refresh is accepted and before the answer is written (e.g. kill the token store). */
  beforeAnswer?: () => Promise<void> | void;
}

/** A minimal OAuth Token endpoint on 127.0.0.1 port 0 that rotates refresh tokens and records every refresh. */
export interface TestTokenServer {
  baseUrl: string;
  /** Every refresh token received, in order. */
  refreshes: string[];
  /** How many refreshes re-sent a spent token (answered `invalid_grant`). */
  invalidGrants: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** Starts the endpoint; the first valid refresh token is `r0`, rotations answer `a1`/`r1`, `a2`/`r2` … */
export async function startTokenServer(options: TokenServerOptions = {}): Promise<TestTokenServer> {
  const spent = new Set<string>();
  let n = 0;
  const state = { refreshes: [] as string[], invalidGrants: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await readBody(req));
    const token = form.get('refresh_token') ?? '';
    state.refreshes.push(token);
    if (req.method !== 'POST' || form.get('grant_type') !== 'refresh_token' || spent.has(token)) {
      if (spent.has(token)) state.invalidGrants++;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_grant","error_description":"the refresh token is spent"}');
      return;
    }
    spent.add(token);
    n++;
    await options.beforeAnswer?.();
    const json = JSON.stringify({ access_token: `a${n}`, expires_in: 3600, refresh_token: `r${n}` });
    res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    const trickle = options.trickle;
    if (!trickle) {
      res.end(json);
      return;
    }
    // Pad with spaces so that the answer takes `totalMs` to arrive, one byte per `byteEveryMs`.
    const body = json.padEnd(Math.ceil(trickle.totalMs / trickle.byteEveryMs), ' ');
    for (const char of body) {
      if (res.destroyed) return;
      res.write(char);
      await new Promise((r) => setTimeout(r, trickle.byteEveryMs));
    }
    res.end();
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get refreshes() {
      return state.refreshes;
    },
    get invalidGrants() {
      return state.invalidGrants;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
