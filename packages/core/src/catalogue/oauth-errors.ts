import { bodyText, parseJsonObject } from '../body/json-body.js';
import type { ErrorKind } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';
import { redactString } from '../redaction/redact.js';
import { type RestErrorOptions, restError } from './rest-errors.js';

/** OAuth 2.0 token-endpoint `error` values (RFC 6749 §5.2) and what they mean for a client. */
export const OAUTH_ERROR_KINDS: Readonly<Record<string, ErrorKind>> = Object.freeze({
  invalid_grant: 'reauthorization-required',
  invalid_client: 'auth-invalid',
  unauthorized_client: 'auth-invalid',
  access_denied: 'auth-invalid',
  invalid_request: 'validation',
  unsupported_grant_type: 'validation',
  unsupported_response_type: 'validation',
  invalid_scope: 'validation',
  too_many_requests: 'throttled',
  server_error: 'transient',
  temporarily_unavailable: 'transient',
});

/**
 * Maps an error answer of the token endpoint to a MailUpError. `invalid_grant` (dead refresh token, wrong
 * password) ⇒ `reauthorization-required`; `invalid_client` / `unauthorized_client` ⇒ `auth-invalid`;
 * `invalid_request` ⇒ `validation`; any 429 ⇒ `throttled` (never a logout). A REST-style body
 * (`ErrorCode`/`ErrorDescription`) is mapped like {@link restError}.
 */
export function oauthError(
  status: number,
  body: unknown,
  options: Omit<RestErrorOptions, 'protocol'> = {},
): MailUpError {
  const parsed = parseOAuthBody(body);
  if (status === 429 || !parsed?.error) {
    return restError(status, body, { ...options, protocol: 'oauth' });
  }
  const code = parsed.error;
  const kind = OAUTH_ERROR_KINDS[code] ?? (status >= 500 ? 'transient' : status === 401 ? 'auth-invalid' : 'permanent');
  const description = redactString(String(parsed.error_description ?? '')).trim();
  return new MailUpError({
    kind,
    protocol: 'oauth',
    operation: options.operation,
    message: `${options.operation ? `${options.operation}: ` : ''}token endpoint answered ${status} ${code}${description ? ` (${description})` : ''}`,
    vendorCode: code,
    httpStatus: status,
    request: options.request,
    details: { description, error: code },
  });
}

function parseOAuthBody(body: unknown): { error?: string; error_description?: string } | undefined {
  const parsed = parseJsonObject(body);
  if (parsed) return parsed as { error?: string };
  const text = bodyText(body);
  const params = new URLSearchParams(text);
  const error = params.get('error');
  return error ? { error, error_description: params.get('error_description') ?? undefined } : undefined;
}
