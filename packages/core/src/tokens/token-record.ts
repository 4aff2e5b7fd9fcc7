/**
 * What a token store keeps for one key (one account × client, or one SOAP user): only tokens, never a password.
 */
export interface TokenRecord {
  /** The bearer access token (or SOAP access key). */
  accessToken: string;
  /** The rotating refresh token, when the grant issued one. */
  refreshToken?: string;
  /** Epoch ms at which the access token stops working, by the server's clock (its `Date` header). */
  expiresAt: number;
  /** Epoch ms at which the server issued it. */
  obtainedAt: number;
  /** Free-form, non-secret facts (e.g. the user name, the client id) for `whoami`-style displays. */
  meta?: Readonly<Record<string, string>>;
}

/** A record with the version that compare-and-set must name to replace it. */
export interface VersionedToken {
  record: TokenRecord;
  /** Starts at 1 and grows by one on every successful write. An absent key has version 0. */
  version: number;
}

/** Outcome of {@link TokenStore.compareAndSet}. */
export type CompareAndSetResult =
  | { ok: true; version: number }
  | {
      ok: false;
      /** What the store holds now (undefined: nothing). */
      current: VersionedToken | undefined;
    };

/** Throws a TypeError unless `record` is a well-formed {@link TokenRecord} (the stores call this before writing). */
export function assertTokenRecord(record: TokenRecord): void {
  if (typeof record !== 'object' || record === null) throw new TypeError('token record must be an object');
  if (typeof record.accessToken !== 'string' || record.accessToken.length === 0) {
    throw new TypeError('token record: accessToken must be a non-empty string');
  }
  if (record.refreshToken !== undefined && (typeof record.refreshToken !== 'string' || record.refreshToken === '')) {
    throw new TypeError('token record: refreshToken must be a non-empty string when present');
  }
  for (const field of ['expiresAt', 'obtainedAt'] as const) {
    if (typeof record[field] !== 'number' || !Number.isFinite(record[field])) {
      throw new TypeError(`token record: ${field} must be a finite number (epoch ms)`);
    }
  }
}
