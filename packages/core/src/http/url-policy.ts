import { isIP } from 'node:net';

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped `::ffff:127.x`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host) || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Why a URL may not be called, or `undefined` when it may. */
export function refusedUrlReason(url: URL, allowInsecureHttp: boolean): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `unsupported URL scheme "${url.protocol}"`;
  if (isLoopbackHost(url.hostname) || allowInsecureHttp) return undefined;
  return `plain http:// to ${url.hostname} is refused (use https://, or set allowInsecureHttp for a service that only exists over http)`;
}
