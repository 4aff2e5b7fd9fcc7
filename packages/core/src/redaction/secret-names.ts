/**
 * The ONE list of field, parameter and header names whose values are secrets. Matching is case-insensitive and
 * ignores `-` and `_`, so `client_secret`, `Client-Secret` and `clientSecret` are all caught.
 */
export const SECRET_NAMES: readonly string[] = [
  'password',
  'pwd',
  'pass',
  'passwd',
  'secret',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'accessKey',
  'access_key',
  'apiKey',
  'api_key',
  'ListSecret',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'code',
  'x-smtpapi-password',
];

/** The replacement written in place of a secret value. */
export const REDACTED = '[REDACTED]';

/** Names are compared lower-cased with `-` and `_` removed. */
export function normalizeSecretName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Decides which names are secret. An instance so that a client can add names of its own without touching a
 * module-level list.
 *
 * @example
 * ```ts
 * const names = new SecretNames(['x-my-api-key']);
 * names.isSecret('Authorization'); // true
 * ```
 */
export class SecretNames {
  private readonly names: Set<string>;

  constructor(extra: Iterable<string> = []) {
    this.names = new Set([...SECRET_NAMES, ...extra].map(normalizeSecretName));
  }

  /** True when values stored under `name` must never be shown. */
  isSecret(name: string): boolean {
    const normalized = normalizeSecretName(name);
    if (this.names.has(normalized)) return true;
    // Compound names: `accessToken`, `smtpPassword`, `listSecret`, `x-api-token` …
    return /(password|secret|token|accesskey|apikey)$/.test(normalized);
  }
}

/** The default secret-name matcher built from {@link SECRET_NAMES}. Immutable. */
export const defaultSecretNames: SecretNames = new SecretNames();
