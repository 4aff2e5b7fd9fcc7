import { MailUpError } from '@mailup-kit/core';
import type { TokenRecord } from '@mailup-kit/core/credentials';

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

function malformed(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'oauth', operation, httpStatus: 200, message });
}

/**
 * Parses `{"access_token","expires_in","refresh_token"}`. A body that is not JSON, or a field that is missing or
 * of the wrong type, is a `validation` MailUpError naming the field (never its value), e.g.
 * "token response has no access_token".
 */
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
    throw malformed(operation, 'token response is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw malformed(operation, 'token response is not a JSON object');
  }
  const value = json as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  if (value.access_token === undefined || value.access_token === null || value.access_token === '') {
    throw malformed(operation, 'token response has no access_token');
  }
  if (typeof value.access_token !== 'string')
    throw malformed(operation, 'token response: access_token is not a string');
  if (value.expires_in === undefined || value.expires_in === null || value.expires_in === '') {
    throw malformed(operation, 'token response has no expires_in');
  }
  const expiresIn = typeof value.expires_in === 'string' ? Number(value.expires_in) : value.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw malformed(operation, 'token response: expires_in is not a positive number of seconds');
  }
  if (value.refresh_token !== undefined && value.refresh_token !== null && typeof value.refresh_token !== 'string') {
    throw malformed(operation, 'token response: refresh_token is not a string');
  }
  const dateHeader = headers.date;
  const serverDate = Date.parse(Array.isArray(dateHeader) ? (dateHeader[0] ?? '') : (dateHeader ?? ''));
  const set: TokenSet = { accessToken: value.access_token, expiresIn, receivedAt };
  if (typeof value.refresh_token === 'string' && value.refresh_token !== '') set.refreshToken = value.refresh_token;
  if (Number.isFinite(serverDate)) set.serverDate = serverDate;
  return set;
}

/**
 * Throws a `validation` MailUpError naming the first missing or mistyped field of `set` (never its value): a
 * TokenSet handed to {@link TokenManager.save} or returned by a refresh callback must be complete.
 */
export function assertTokenSet(set: unknown, operation = 'TokenSet'): asserts set is TokenSet {
  const fail = (message: string) => new MailUpError({ kind: 'validation', protocol: 'oauth', operation, message });
  if (typeof set !== 'object' || set === null) throw fail('TokenSet must be an object');
  const value = set as Record<string, unknown>;
  if (value.accessToken === undefined || value.accessToken === '') throw fail('TokenSet has no accessToken');
  if (typeof value.accessToken !== 'string') throw fail('TokenSet: accessToken is not a string');
  if (value.refreshToken !== undefined && (typeof value.refreshToken !== 'string' || value.refreshToken === '')) {
    throw fail('TokenSet: refreshToken is not a non-empty string');
  }
  if (value.expiresIn === undefined) throw fail('TokenSet has no expiresIn');
  if (typeof value.expiresIn !== 'number' || !Number.isFinite(value.expiresIn) || value.expiresIn <= 0) {
    throw fail('TokenSet: expiresIn is not a positive number of seconds');
  }
  if (value.receivedAt === undefined) throw fail('TokenSet has no receivedAt');
  if (typeof value.receivedAt !== 'number' || !Number.isFinite(value.receivedAt)) {
    throw fail('TokenSet: receivedAt is not a finite number (epoch ms)');
  }
  if (value.serverDate !== undefined && (typeof value.serverDate !== 'number' || !Number.isFinite(value.serverDate))) {
    throw fail('TokenSet: serverDate is not a finite number (epoch ms)');
  }
}

/**
 * The record to store for a token set. Times are on the server's clock: issued at its `Date` header (or, without
 * one, when the answer arrived) and expiring `expires_in` later. A missing refresh token keeps `previousRefresh`.
 */
export function tokenRecordFrom(set: TokenSet, previousRefresh?: string, meta?: Record<string, string>): TokenRecord {
  assertTokenSet(set);
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

/**
 * Server clock minus local clock, learned from a token answer (0 without a Date header). `localNow` is the local
 * time the answer is measured against (default `set.receivedAt`, stamped on the OAuth client's clock): a
 * {@link TokenManager} passes its own clock's time, so a client on another clock cannot skew it.
 */
export function clockSkewOf(set: TokenSet, localNow: number = set.receivedAt): number {
  return set.serverDate === undefined ? 0 : set.serverDate - localNow;
}
