import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { isLoopbackHost } from '../http/loopback-host.js';
import { redactString } from '../redaction/redact.js';

/** A forward proxy, parsed from its URL. The credentials never appear in an error or log (see {@link label}). */
export interface ProxyConfig {
  /** `http:` or `https:` (the connection to the proxy itself is TLS, verified like any origin). */
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  /** `Basic …` value of `proxy-authorization`, when the URL carried `user:pass@`. */
  authorization?: string;
  /** `host:port` of the proxy, safe to print. */
  label: string;
}

/**
 * Parses `http://[user:pass@]host[:port]` or `https://…` (a bare `host:port` is http); returns a reason when the
 * URL cannot be used.
 */
export function parseProxyUrl(text: string): ProxyConfig | string {
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `http://${text}`);
  } catch {
    return `proxy URL is not a URL: ${redactString(text)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `proxy URL ${redactString(url.href)}: only http:// and https:// proxies are supported (TLS to the origin still goes end to end through a CONNECT tunnel)`;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const authorization = user || pass ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : undefined;
  return { protocol: url.protocol, host, port, authorization, label: `${host}:${port}` };
}

/**
 * Decides whether a URL bypasses the proxy. `NO_PROXY` semantics: a comma (or space) separated list; `*` matches
 * everything; `example.com`, `.example.com` and `*.example.com` match that host and every subdomain; an entry with
 * `:port` matches only that port; an IP literal matches itself. Loopback hosts (`localhost`, `*.localhost`,
 * 127.0.0.0/8, ::1) are never proxied.
 */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host)) return true;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!match) continue;
    const entryHost = (match[1] as string).replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (match[2] !== undefined && match[2] !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

interface TunnelOptions {
  proxy: ProxyConfig;
  /** Resolves the proxy's host name. */
  lookup?: LookupFunction;
}

type Callback = (error: Error | null, socket?: Socket) => void;

/** Opens a CONNECT tunnel to `host:port` through the proxy. The socket is the raw tunnel to the origin. */
function openTunnel(
  tunnel: TunnelOptions,
  host: string,
  port: number,
  signal: AbortSignal | undefined,
  done: Callback,
) {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const req = http.request({
    host: tunnel.proxy.host,
    port: tunnel.proxy.port,
    method: 'CONNECT',
    path: target,
    agent: false,
    headers: {
      host: target,
      ...(tunnel.proxy.authorization ? { 'proxy-authorization': tunnel.proxy.authorization } : {}),
    },
    ...(tunnel.lookup ? { lookup: tunnel.lookup } : {}),
  });
  let settled = false;
  const finish = (error: Error | null, socket?: Socket) => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    done(error, socket);
  };
  const onAbort = () => {
    req.destroy();
    finish(
      Object.assign(new Error(`CONNECT ${target} through proxy ${tunnel.proxy.label} aborted`), {
        code: 'ERR_PROXY_ABORTED',
      }),
    );
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  req.once('connect', (res, socket, head) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      finish(
        Object.assign(new Error(`proxy ${tunnel.proxy.label} answered ${res.statusCode} to CONNECT ${target}`), {
          code: 'ERR_PROXY_CONNECT',
        }),
      );
      return;
    }
    if (head.length > 0) socket.unshift(head);
    finish(null, socket);
  });
  req.once('error', (error) => finish(error));
  req.end();
}

/** Request options this transport adds for its agents (ignored by Node's ClientRequest). */
export interface TunnelRequestOptions {
  /** Aborts an opening tunnel (the exchange's deadline or the caller's signal). */
  mailupSignal?: AbortSignal;
}

/**
 * An https agent whose connections are CONNECT tunnels through a proxy, with TLS negotiated inside the tunnel with
 * the ORIGIN (SNI and certificate verification against the origin's name; the proxy sees only ciphertext).
 */
export class HttpsTunnelAgent extends https.Agent {
  constructor(
    private readonly tunnel: TunnelOptions,
    options: https.AgentOptions,
  ) {
    super({ ...options, rejectUnauthorized: true });
  }

  override createConnection(
    args: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const options = args as tls.ConnectionOptions & TunnelRequestOptions;
    const done = callback as Callback;
    const host = String(options.host ?? 'localhost');
    const port = Number(options.port ?? 443);
    openTunnel(this.tunnel, host, port, options.mailupSignal, (error, raw) => {
      if (error || !raw) return done(error ?? new Error('no tunnel'));
      const servername = options.servername ?? (/^[\d.]+$|:/.test(host) ? undefined : host);
      const secure = tls.connect({ ...options, socket: raw, servername, rejectUnauthorized: true });
      done(null, secure);
    });
    return undefined;
  }
}

/** An http agent whose connections are CONNECT tunnels through a proxy (plain http also goes through CONNECT). */
export class HttpTunnelAgent extends http.Agent {
  constructor(
    private readonly tunnel: TunnelOptions,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(
    args: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): undefined {
    const options = args as http.ClientRequestArgs & TunnelRequestOptions;
    const done = callback as Callback;
    openTunnel(
      this.tunnel,
      String(options.host ?? 'localhost'),
      Number(options.port ?? 80),
      options.mailupSignal,
      done,
    );
    return undefined;
  }
}
