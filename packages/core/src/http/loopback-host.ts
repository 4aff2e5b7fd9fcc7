/** Dotted-quad IPv4 (each part 0-255, no leading zeros), as `node:net`'s `isIP` accepts it. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * True for `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped `::ffff:127.x`), judged by the name
 * alone. For a name (not an IP literal) the HTTP transport also checks that it resolves to loopback addresses
 * only before it grants the plain-http loopback exemption. Runs in browsers (no `node:net`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isLoopbackAddress(host);
}

/** True for an IP literal in 127.0.0.0/8 or ::1 (also IPv4-mapped `::ffff:127.x`). */
export function isLoopbackAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (IPV4.test(host)) return host.startsWith('127.');
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(.+)$/.exec(host)?.[1];
  return mapped !== undefined && IPV4.test(mapped) && mapped.startsWith('127.');
}
