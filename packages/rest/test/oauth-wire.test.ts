import { MailUpError } from '@mailup-kit/core';
import { describe, expect, it } from 'vitest';
import {
  buildLogOnUrl,
  parseAuthorizationCallback,
  parseTokenResponse,
  restResourceError,
  tokenEndpointError,
  tokenRecordFrom,
} from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('Token endpoint answers', () => {
  it('parses the documented shape, a string expires_in, and the Date header', () => {
    const set = parseTokenResponse(
      '{"access_token":"A","expires_in":"3600","refresh_token":"R"}',
      { date: 'Thu, 01 Jan 2026 11:59:58 GMT' },
      NOW,
      'op',
    );
    expect(set).toEqual({
      accessToken: 'A',
      refreshToken: 'R',
      expiresIn: 3600,
      receivedAt: NOW,
      serverDate: NOW - 2000,
    });
    expect(tokenRecordFrom(set)).toEqual({
      accessToken: 'A',
      refreshToken: 'R',
      obtainedAt: NOW - 2000,
      expiresAt: NOW - 2000 + 3_600_000,
    });
  });

  it('without a refresh token keeps the previous one; without a Date header uses the arrival time', () => {
    const set = parseTokenResponse('{"access_token":"A","expires_in":3600}', {}, NOW, 'op');
    expect(set.refreshToken).toBeUndefined();
    expect(tokenRecordFrom(set, 'OLD')).toMatchObject({
      refreshToken: 'OLD',
      obtainedAt: NOW,
      expiresAt: NOW + 3_600_000,
    });
  });

  it.each([
    ['', 'token response is not JSON'],
    ['not json', 'token response is not JSON'],
    ['[1]', 'token response is not a JSON object'],
    ['{"expires_in":3600}', 'token response has no access_token'],
    ['{"access_token":"","expires_in":5}', 'token response has no access_token'],
    ['{"access_token":42,"expires_in":5}', 'token response: access_token is not a string'],
    ['{"access_token":"A"}', 'token response has no expires_in'],
    ['{"access_token":"A","expires_in":0}', 'token response: expires_in is not a positive number of seconds'],
    ['{"access_token":"A","expires_in":"soon"}', 'token response: expires_in is not a positive number of seconds'],
    ['{"access_token":"A","expires_in":5,"refresh_token":7}', 'token response: refresh_token is not a string'],
  ])('refuses the unusable 200 body %j with a validation error naming the field: %s', (body, message) => {
    const error = (() => {
      try {
        parseTokenResponse(body, {}, NOW, 'op');
      } catch (e) {
        return e;
      }
    })();
    expect(MailUpError.is(error, 'validation')).toBe(true);
    expect((error as Error).message).toBe(message);
  });

  it.each([
    [{ expiresIn: 5, receivedAt: NOW }, 'TokenSet has no accessToken'],
    [{ accessToken: 1, expiresIn: 5, receivedAt: NOW }, 'TokenSet: accessToken is not a string'],
    [{ accessToken: 'A', receivedAt: NOW }, 'TokenSet has no expiresIn'],
    [{ accessToken: 'A', expiresIn: '5', receivedAt: NOW }, 'TokenSet: expiresIn is not a positive number of seconds'],
    [{ accessToken: 'A', expiresIn: 5 }, 'TokenSet has no receivedAt'],
    [
      { accessToken: 'A', refreshToken: 3, expiresIn: 5, receivedAt: NOW },
      'TokenSet: refreshToken is not a non-empty string',
    ],
  ])('a TokenSet %j given to tokenRecordFrom is refused naming its field: %s', (set, message) => {
    expect(() => tokenRecordFrom(set as never)).toThrow(message);
  });

  it('maps OAuth errors: invalid_grant, invalid_client, 429 with its wait, 5xx, bad requests', () => {
    const grant = tokenEndpointError(400, '{"error":"invalid_grant","error_description":"spent"}', {}, 'op', NOW);
    expect(grant).toMatchObject({ kind: 'reauthorization-required', vendorCode: 'invalid_grant', httpStatus: 400 });
    expect(tokenEndpointError(400, '{"error":"invalid_client"}', {}, 'op', NOW).kind).toBe('auth-invalid');
    const throttled = tokenEndpointError(429, '', { 'retry-after': '2' }, 'op', NOW);
    expect(throttled).toMatchObject({ kind: 'throttled', retryAfterMs: 2000, availableAt: NOW + 2000 });
    const dated = tokenEndpointError(429, '', { 'retry-after': new Date(NOW + 5000).toUTCString() }, 'op', NOW);
    expect(dated.retryAfterMs).toBe(5000);
    expect(tokenEndpointError(503, 'busy', {}, 'op', NOW).kind).toBe('transient');
    expect(tokenEndpointError(400, '{"error":"unsupported_grant_type"}', {}, 'op', NOW).kind).toBe('validation');
    expect(tokenEndpointError(418, '', {}, 'op', NOW).kind).toBe('permanent');
  });

  it('redacts secrets a server might echo in an error description', () => {
    const error = tokenEndpointError(
      400,
      '{"error":"invalid_request","error_description":"bad refresh_token=abc123secret"}',
      {},
      'op',
      NOW,
    );
    expect(error.message).not.toContain('abc123secret');
  });
});

describe('REST resource errors', () => {
  it('401 is auth-expired; the contract 403 is contract-not-signed; another 403 permanent', () => {
    const expired = restResourceError(
      401,
      '{"ErrorCode":"401","ErrorDescription":"Authorization error: Access token is expired","ErrorName":"Unauthorized","ErrorStack":null}',
      {},
      'GET Console/User/Lists',
      NOW,
    );
    expect(expired).toMatchObject({ kind: 'auth-expired', retryable: true, vendorCode: '401' });
    const contract = restResourceError(
      403,
      '{"ErrorCode":"403","ErrorDescription":"Authorization error: Contract not signed, please login in console and accept terms of service.","ErrorName":"Forbidden","ErrorStack":null}',
      {},
      'op',
      NOW,
    );
    expect(contract.kind).toBe('contract-not-signed');
    expect(restResourceError(403, '{"ErrorDescription":"no access to list"}', {}, 'op', NOW).kind).toBe('permanent');
  });

  it('parses both 429 wordings with max/actual and the wait', () => {
    const old = restResourceError(
      429,
      '{"ErrorCode":"429","ErrorDescription":"Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:10.","ErrorName":null,"ErrorStack":null}',
      {},
      'op',
      NOW,
    );
    expect(old).toMatchObject({ kind: 'throttled', details: { max: 5, actual: 10 }, retryAfterMs: 1000 });
    const newer = restResourceError(
      429,
      '{"ErrorCode":"429","ErrorDescription":"Authorization error (too_many_requests): The call quota is exhausted. Max: 5 calls/second, actual: 9 calls/second, throttling condition expires in: 291 ms, throttling config: 2.","ErrorName":null,"ErrorStack":null}',
      {},
      'op',
      NOW,
    );
    expect(newer).toMatchObject({
      kind: 'throttled',
      details: { max: 5, actual: 9 },
      retryAfterMs: 291,
      availableAt: NOW + 291,
    });
  });
});

describe('LogOn URL and callback', () => {
  it('builds the LogOn URL with client id, response type, redirect URI and state, never the secret', () => {
    const url = new URL(buildLogOnUrl({ clientId: 'cid', redirectUri: 'http://127.0.0.1:5000/cb', state: 's1' }));
    expect(url.origin + url.pathname).toBe('https://services.mailup.com/Authorization/OAuth/LogOn');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:5000/cb',
      state: 's1',
    });
    expect(() => buildLogOnUrl({ clientId: '', redirectUri: 'http://x/cb' })).toThrow(/clientId/);
    expect(() => buildLogOnUrl({ clientId: 'c', redirectUri: 'http://x/cb#frag' })).toThrow(/fragment/);
  });

  it('checks state only when echoed (MailUp does not always echo it)', () => {
    expect(parseAuthorizationCallback('/cb?code=abc', 'expected')).toEqual({ code: 'abc' });
    expect(parseAuthorizationCallback('/cb?code=abc&state=expected', 'expected')).toEqual({
      code: 'abc',
      state: 'expected',
    });
    expect(() => parseAuthorizationCallback('/cb?code=abc&state=other', 'expected')).toThrow(/CSRF/);
    expect(() => parseAuthorizationCallback('/cb?state=expected', 'expected')).toThrow(/no code/);
  });
});
