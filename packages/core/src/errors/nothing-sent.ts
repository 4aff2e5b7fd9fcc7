/**
 * Network error codes that prove nothing of a request reached the server (the connection was never made, or the
 * proxy never opened its tunnel): a failure with one of them is `sent: 'no'`, whatever the transport.
 */
export const NOTHING_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  // The proxy refused or could not open the CONNECT tunnel: nothing of the request reached the origin.
  'ERR_PROXY_CONNECT',
  'ERR_PROXY_ABORTED',
]);

/**
 * The network code of `error` (its own `code`, else its cause's — fetch's `TypeError: fetch failed` carries the
 * socket's code in `cause`), or undefined.
 */
export function networkCodeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
