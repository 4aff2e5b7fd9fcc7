import { MailUpError, type TokenRecord } from '@mailup-kit/core';

/** A successful answer of the Token endpoint, with the timing facts needed to place its expiry. */
export interface TokenSet {
  accessToken: string;
  /** Absent when the server did not send one (the stored refresh token is then kept). */
  refreshToken?: string;
  /** Lifetime in seconds (`expires_in`). */
  expiresIn: number;
  /** Epoch ms of the server's `Date` header, when it sent a valid one. */
  serverDate?: number;
  /** Epoch ms (local clock) at which the answer arrived. */
  receivedAt: number;
}

/** Parses `{"access_token","expires_in","refresh_token"}`; anything else is a `permanent` error. */
export function parseTokenResponse(
  body: string,
  headers: Record<string, string | string[]>,
  receivedAt: number,
  operation: string,
): TokenSet {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const value = json as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | undefined;
  const expiresIn = typeof value?.expires_in === 'string' ? Number(value.expires_in) : value?.expires_in;
  if (
    typeof value?.access_token !== 'string' ||
    value.access_token === '' ||
    typeof expiresIn !== 'number' ||
    !Number.isFinite(expiresIn) ||
    expiresIn <= 0
  ) {
    throw new MailUpError({
      kind: 'permanent',
      protocol: 'oauth',
      operation,
      httpStatus: 200,
      message: 'the Token endpoint answered without a usable access_token / expires_in',
    });
  }
  const dateHeader = headers.date;
  const serverDate = Date.parse(Array.isArray(dateHeader) ? (dateHeader[0] ?? '') : (dateHeader ?? ''));
  const set: TokenSet = { accessToken: value.access_token, expiresIn, receivedAt };
  if (typeof value.refresh_token === 'string' && value.refresh_token !== '') set.refreshToken = value.refresh_token;
  if (Number.isFinite(serverDate)) set.serverDate = serverDate;
  return set;
}

/**
 * The record to store for a token set. Times are on the server's clock: issued at its `Date` header (or, without
 * one, when the answer arrived) and expiring `expires_in` later. A missing refresh token keeps `previousRefresh`.
 */
export function tokenRecordFrom(set: TokenSet, previousRefresh?: string, meta?: Record<string, string>): TokenRecord {
  const obtainedAt = set.serverDate ?? set.receivedAt;
  const record: TokenRecord = {
    accessToken: set.accessToken,
    expiresAt: obtainedAt + set.expiresIn * 1000,
    obtainedAt,
  };
  const refreshToken = set.refreshToken ?? previousRefresh;
  if (refreshToken !== undefined) record.refreshToken = refreshToken;
  if (meta) record.meta = meta;
  return record;
}

/** Server clock minus local clock, learned from a token answer (0 without a Date header). */
export function clockSkewOf(set: TokenSet): number {
  return set.serverDate === undefined ? 0 : set.serverDate - set.receivedAt;
}
