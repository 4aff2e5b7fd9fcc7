import { describe, expect, it } from 'vitest';
import { OAUTH_ERROR_KINDS, oauthError } from '../src/catalogue/oauth-errors.js';
import { REST_DESCRIPTION_RULES, REST_STATUS_KINDS, restError, restErrorKind } from '../src/catalogue/rest-errors.js';
import { DEFAULT_THROTTLE_WAIT_MS, parseThrottleMessage } from '../src/catalogue/throttle-message.js';

const OLDER = 'Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:10.';
const NEWER =
  'Authorization error (too_many_requests): The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.';

describe('REST status table', () => {
  it.each(Object.entries(REST_STATUS_KINDS).map(([s, k]) => [Number(s), k] as const))(
    'HTTP %d ⇒ %s',
    (status, kind) => {
      const error = restError(status, { ErrorCode: String(status), ErrorDescription: 'something', ErrorName: 'X' });
      expect(error).toMatchObject({ kind, httpStatus: status, vendorCode: String(status), protocol: 'rest' });
    },
  );

  it.each(REST_DESCRIPTION_RULES.map((r) => [r.status, r.pattern.source, r.kind] as const))(
    'HTTP %d with /%s/ ⇒ %s',
    (status, source, kind) => {
      const sample =
        {
          'contract not signed':
            'Authorization error: Contract not signed, please login in console and accept terms of service.',
          'missing if-match': 'Missing If-Match header.',
          'must be: System\\.Guid': 'If-Match header content type must be: System.Guid.',
          'invalid \\[listGuid\\]': 'Invalid [listGuid] from If-Match header field.',
        }[source] ?? OLDER;
      expect(restErrorKind(status, sample)).toBe(kind);
    },
  );

  it('unknown statuses fall back on their class', () => {
    expect(restErrorKind(418, '')).toBe('permanent');
    expect(restErrorKind(599, '')).toBe('transient');
    expect(restErrorKind(403, 'You cannot see that list')).toBe('permanent');
  });
});

describe('429 in both wordings', () => {
  it('parses the older wording and defaults its wait to 1000 ms', () => {
    expect(parseThrottleMessage(OLDER)).toEqual({ max: 5, actual: 10 });
    const error = restError(429, { ErrorCode: '429', ErrorDescription: OLDER, ErrorName: null });
    expect(error).toMatchObject({
      kind: 'throttled',
      retryAfterMs: DEFAULT_THROTTLE_WAIT_MS,
      details: { max: 5, actual: 10 },
    });
    expect(DEFAULT_THROTTLE_WAIT_MS).toBe(1_000);
  });

  it('parses the newer wording with its wait and config', () => {
    expect(parseThrottleMessage(NEWER)).toEqual({ max: 5, actual: 9, expiresInMs: 291, periodMs: 1000, config: 2 });
    const error = restError(429, JSON.stringify({ ErrorCode: '429', ErrorDescription: NEWER }));
    expect(error).toMatchObject({
      kind: 'throttled',
      retryAfterMs: 291,
      details: { max: 5, actual: 9, throttlingConfig: 2 },
    });
  });

  it('a Retry-After header wins; a 403 with the throttling wording (pre-2018) is throttled too', () => {
    expect(restError(429, { ErrorDescription: NEWER }, { headers: { 'retry-after': '2' } }).retryAfterMs).toBe(2_000);
    expect(
      restError(429, '', { headers: { 'retry-after': new Date(10_000).toUTCString() }, now: 5_000 }).retryAfterMs,
    ).toBe(5_000);
    expect(restError(403, { ErrorDescription: OLDER })).toMatchObject({ kind: 'throttled', retryAfterMs: 1_000 });
    expect(parseThrottleMessage('nothing here')).toBeUndefined();
  });
});

describe('restError tolerance', () => {
  it('accepts non-JSON, empty and Buffer bodies', () => {
    expect(restError(502, '<html>Bad gateway</html>')).toMatchObject({
      kind: 'transient',
      details: { description: '<html>Bad gateway</html>' },
    });
    expect(restError(500, '')).toMatchObject({ kind: 'transient', vendorCode: '500' });
    expect(restError(404, Buffer.from('{"ErrorCode":"404","ErrorDescription":"List not found"}'))).toMatchObject({
      kind: 'not-found',
      message: 'HTTP 404 List not found',
    });
    expect(restError(400, 'null').kind).toBe('validation');
  });

  it('carries the operation and request summary', () => {
    const error = restError(401, '{"ErrorDescription":"Authorization error: Access token is expired"}', {
      operation: 'GET Console/User/Lists',
      request: { method: 'GET', url: 'https://x/Lists', callId: 'c', attempt: 1 },
    });
    expect(error).toMatchObject({
      kind: 'auth-expired',
      operation: 'GET Console/User/Lists',
      request: { callId: 'c' },
    });
    expect(error.message).toBe('GET Console/User/Lists: HTTP 401 Authorization error: Access token is expired');
  });
});

describe('OAuth token endpoint errors', () => {
  it.each(Object.entries(OAUTH_ERROR_KINDS))('%s ⇒ %s', (code, kind) => {
    const error = oauthError(400, JSON.stringify({ error: code, error_description: 'because' }), {
      operation: 'token',
    });
    expect(error).toMatchObject({ kind, vendorCode: code, protocol: 'oauth', httpStatus: 400 });
  });

  it('a 429 is throttling, never a logout, whatever the body', () => {
    expect(oauthError(429, { error: 'invalid_grant' })).toMatchObject({ kind: 'throttled', protocol: 'oauth' });
    expect(oauthError(429, 'slow down')).toMatchObject({ kind: 'throttled', retryAfterMs: 1_000 });
  });

  it('falls back to REST mapping for REST-style bodies and parses form-encoded errors', () => {
    expect(oauthError(401, { ErrorCode: '401', ErrorDescription: 'bad' }).kind).toBe('auth-expired');
    expect(oauthError(400, 'error=invalid_client&error_description=nope').kind).toBe('auth-invalid');
    expect(oauthError(401, { error: 'weird' }).kind).toBe('auth-invalid');
    expect(oauthError(503, { error: 'weird' }).kind).toBe('transient');
  });
});
