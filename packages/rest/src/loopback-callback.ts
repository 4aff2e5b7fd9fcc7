import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailUpError } from '@mailup-kit/core';
import { type AuthorizationCallback, parseAuthorizationCallback } from './authorization-callback.js';

/** A loopback HTTP server waiting for the authorization code redirect. */
export interface LoopbackCallback {
  /** `http://127.0.0.1:<port><path>`: pass it as the redirect URI. */
  redirectUri: string;
  /** Resolves with the code once the browser lands on the redirect URI (state checked when echoed). */
  waitForCode(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<AuthorizationCallback>;
  close(): Promise<void>;
}

const PAGE_OK = '<!DOCTYPE html><html><body><p>mailup-kit: logged in. You can close this window.</p></body></html>';
const PAGE_FAILED = '<!DOCTYPE html><html><body><p>mailup-kit: the login did not complete.</p></body></html>';

/**
 * Starts the loopback callback server of `mailup login` on a free port of 127.0.0.1 (RFC 8252 §7.3).
 *
 * @example
 * ```ts
 * const callback = await startLoopbackCallback({ expectedState: state });
 * console.log('open', buildLogOnUrl({ clientId, redirectUri: callback.redirectUri, state }));
 * const { code } = await callback.waitForCode({ timeoutMs: 300_000 });
 * ```
 */
export async function startLoopbackCallback(
  options: { path?: string; expectedState?: string } = {},
): Promise<LoopbackCallback> {
  const path = options.path ?? '/callback';
  let settle: { resolve(value: AuthorizationCallback): void; reject(error: unknown): void } | undefined;
  let outcome: { value?: AuthorizationCallback; error?: unknown } | undefined;
  const finish = (result: { value?: AuthorizationCallback; error?: unknown }) => {
    if (outcome) return;
    outcome = result;
    if (result.error !== undefined) settle?.reject(result.error);
    else settle?.resolve(result.value as AuthorizationCallback);
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    try {
      const value = parseAuthorizationCallback(url, options.expectedState);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_OK);
      finish({ value });
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_FAILED);
      finish({ error });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    waitForCode({ timeoutMs = 300_000, signal } = {}) {
      return new Promise<AuthorizationCallback>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new MailUpError({
                kind: 'transient',
                protocol: 'oauth',
                operation: 'login',
                message: `no authorization callback within ${timeoutMs} ms`,
              }),
            ),
          timeoutMs,
        );
        const done =
          <T>(fn: (v: T) => void) =>
          (v: T) => {
            clearTimeout(timer);
            fn(v);
          };
        signal?.addEventListener('abort', () => done(reject)(signal.reason), { once: true });
        settle = { resolve: done(resolve), reject: done(reject) };
        if (outcome?.error !== undefined) done(reject)(outcome.error);
        else if (outcome?.value) done(resolve)(outcome.value);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
