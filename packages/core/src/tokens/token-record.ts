import { MailUpError } from '../errors/mailup-error.js';

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
  /**
   * A one-way fingerprint of the refresh token these tokens were rotated from (never the token itself): lets a
   * writer recognise that the tokens it is about to save were already spent by a refresh, so an older record is
   * never written over a newer one.
   */
  rotatedFrom?: string;
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

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'oauth', operation: 'TokenStore', message });
}

/**
 * Throws a `validation` MailUpError unless `record` is a well-formed {@link TokenRecord} (the stores call this
 * before writing, so nothing malformed is ever stored). Messages name the field, never its value.
 */
export function assertTokenRecord(record: TokenRecord): void {
  if (typeof record !== 'object' || record === null) throw invalid('token record must be an object');
  if (typeof record.accessToken !== 'string' || record.accessToken.length === 0) {
    throw invalid('token record: accessToken must be a non-empty string');
  }
  if (record.refreshToken !== undefined && (typeof record.refreshToken !== 'string' || record.refreshToken === '')) {
    throw invalid('token record: refreshToken must be a non-empty string when present');
  }
  if (record.rotatedFrom !== undefined && typeof record.rotatedFrom !== 'string') {
    throw invalid('token record: rotatedFrom must be a string when present');
  }
  for (const field of ['expiresAt', 'obtainedAt'] as const) {
    if (typeof record[field] !== 'number' || !Number.isFinite(record[field])) {
      throw invalid(`token record: ${field} must be a finite number (epoch ms)`);
    }
  }
}

/** Throws a `validation` MailUpError unless `key` is a non-empty string and `version` a non-negative integer. */
export function assertTokenKey(key: string, expectedVersion = 0): void {
  if (typeof key !== 'string' || key.length === 0) throw invalid('token store key must be a non-empty string');
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw invalid('expectedVersion must be a non-negative integer');
  }
}
