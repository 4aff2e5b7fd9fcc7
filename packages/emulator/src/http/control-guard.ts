import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { EmulatorResponse } from '../types.js';

/** True for a loopback interface name: `localhost`, `127.x.x.x`, `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

function hostWithPort(name: string, port: number): string {
  const bracketed = isIP(name) === 6 ? `[${name}]` : name;
  return `${bracketed}:${port}`.toLowerCase();
}

/**
 * Every `Host` header value that names this emulator: its loopback names and the host it was bound to, with the
 * port (also without it when the port is 80); for a wildcard bind (`0.0.0.0`, `::`, only possible with
 * `allowRemote`) also every address of this machine's interfaces.
 */
export function ownHosts(boundHost: string, port: number): Set<string> {
  const bound = boundHost.replace(/^\[|\]$/g, '');
  const names = ['127.0.0.1', 'localhost', '::1', bound];
  if (bound === '0.0.0.0' || bound === '::') {
    for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) names.push(info.address);
  }
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(hostWithPort(name, port));
    if (port === 80) hosts.add(isIP(name) === 6 ? `[${name}]` : name.toLowerCase());
  }
  return hosts;
}

function refuse(reason: 'foreign-host' | 'cross-origin', error: string): EmulatorResponse {
  return { status: 403, json: { error, reason } };
}

/**
 * The guard in front of the control API (`/__emulator/…`): what a malicious web page, or a DNS-rebinding name
 * pointing at loopback, would send is refused with 403 and a JSON reason. Allowed: a `Host` that is one of
 * `ownHosts`, no `Origin` or this emulator's own origin, and no `Sec-Fetch-Site` other than `same-origin` or
 * `none`. Non-browser clients (curl, tests, the CLI) send neither `Origin` nor `Sec-Fetch-Site`.
 */
export function guardControlRequest(headers: IncomingHttpHeaders, hosts: Set<string>): EmulatorResponse | undefined {
  const host = String(headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    return refuse('foreign-host', `control API refused: Host "${host}" is not this emulator's own address`);
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    const own = /^http:\/\/(.+)$/i.exec(origin);
    if (!own || !hosts.has((own[1] ?? '').toLowerCase())) {
      return refuse('cross-origin', `control API refused: cross-origin request from "${origin}"`);
    }
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return refuse('cross-origin', `control API refused: Sec-Fetch-Site "${site}"`);
  }
  return undefined;
}
