import { MailUpError, redactString } from '@mailup-kit/core';

function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Milliseconds to wait from a `Retry-After` header (seconds or HTTP date) or MailUp's "expires in: N ms". */
export function retryAfterMs(
  headers: Record<string, string | string[]>,
  body: string,
  now: number,
): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const match = /expires in:\s*(\d+)\s*ms/i.exec(body);
  return match ? Number(match[1]) : undefined;
}

/**
 * Maps a failed Token endpoint answer to one typed error: `invalid_grant` ⇒ `reauthorization-required` (the
 * refresh token or code is dead, a human must log in again), `invalid_client` / `unauthorized_client` ⇒
 * `auth-invalid`, 429 ⇒ `throttled` (never a logout), 5xx ⇒ `transient`, anything else ⇒ `permanent`.
 * The message carries the OAuth error code and a redacted description, never a token.
 */
export function tokenEndpointError(
  status: number,
  body: string,
  headers: Record<string, string | string[]>,
  operation: string,
  now: number,
): MailUpError {
  let parsed: { error?: unknown; error_description?: unknown; ErrorDescription?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: keep the status only
  }
  const code = typeof parsed.error === 'string' ? parsed.error : undefined;
  const rawDescription =
    typeof parsed.error_description === 'string'
      ? parsed.error_description
      : typeof parsed.ErrorDescription === 'string'
        ? parsed.ErrorDescription
        : '';
  const description = redactString(rawDescription).slice(0, 300);
  const base = { protocol: 'oauth' as const, operation, httpStatus: status, vendorCode: code ?? String(status) };
  const text = `Token endpoint answered HTTP ${status}${code ? ` ${code}` : ''}${description ? `: ${description}` : ''}`;
  if (status === 429) {
    const wait = retryAfterMs(headers, rawDescription || body, now);
    return new MailUpError({
      ...base,
      kind: 'throttled',
      message: text,
      retryAfterMs: wait,
      availableAt: wait === undefined ? undefined : now + wait,
    });
  }
  if (code === 'invalid_grant') {
    return new MailUpError({ ...base, kind: 'reauthorization-required', message: `${text} (log in again)` });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client' || status === 401) {
    return new MailUpError({ ...base, kind: 'auth-invalid', message: text });
  }
  if (status >= 500) return new MailUpError({ ...base, kind: 'transient', message: text });
  if (code === 'invalid_request' || code === 'unsupported_grant_type') {
    return new MailUpError({ ...base, kind: 'validation', message: text });
  }
  return new MailUpError({ ...base, kind: 'permanent', message: text });
}
