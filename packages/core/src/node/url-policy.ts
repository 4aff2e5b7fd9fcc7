import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isLoopbackAddress, isLoopbackHost } from '../http/loopback-host.js';

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * Resolves a loopback-looking name (`localhost`, `*.localhost`) with `lookup` (default `dns.lookup`) and returns
 * its addresses when EVERY one is a loopback address; otherwise a reason to refuse plain http to it. IP literals
 * need no lookup (they return `[]`).
 */
export async function resolveLoopbackName(
  hostname: string,
  lookup: LookupFunction = dnsLookup as unknown as LookupFunction,
): Promise<{ addresses: ResolvedAddress[] } | { refused: string }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return { addresses: [] };
  let addresses: ResolvedAddress[];
  try {
    addresses = await new Promise<ResolvedAddress[]>((resolve, reject) => {
      lookup(host, { all: true }, ((error: Error | null, result: ResolvedAddress[] | string, family?: number) => {
        if (error) reject(error);
        else resolve(Array.isArray(result) ? result : [{ address: result, family: family ?? 4 }]);
      }) as never);
    });
  } catch (error) {
    return { refused: `plain http:// to ${host} is refused: it did not resolve (${(error as Error).message})` };
  }
  const foreign = addresses.filter((a) => !isLoopbackAddress(a.address));
  if (addresses.length === 0 || foreign.length > 0) {
    return {
      refused: `plain http:// to ${host} is refused: the name resolves to ${
        foreign.map((a) => a.address).join(', ') || 'no address'
      }, not only to loopback (use https://, or set allowInsecureHttp)`,
    };
  }
  return { addresses };
}

/** Why a URL may not be called, or `undefined` when it may. */
export function refusedUrlReason(url: URL, allowInsecureHttp: boolean): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `unsupported URL scheme "${url.protocol}"`;
  if (isLoopbackHost(url.hostname) || allowInsecureHttp) return undefined;
  return `plain http:// to ${url.hostname} is refused (use https://, or set allowInsecureHttp for a service that only exists over http)`;
}
