import { MalformedInputError } from '../http/request-target.js';
import type { EmulatorAccount } from '../store/account.js';
import type { OAuthGrants } from '../store/oauth-grants.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../types.js';
import { basicCredentials, requestParams } from './form.js';
import { ACCESS_TOKEN_TTL_SECONDS, OAUTH_PATHS, REFRESH_TOKEN_TTL_MS } from './oauth-paths.js';
import { opaqueToken, revokeFamily } from './oauth-state.js';

function oauthError(error: string, description: string, status = 400): EmulatorResponse {
  return { status, headers: { 'cache-control': 'no-store' }, json: { error, error_description: description } };
}

interface ClientCheck {
  /** The client id presented (body or Basic), if any. */
  clientId?: string;
  /** True when an id was presented together with its correct secret. */
  authenticated: boolean;
  /** True when an id or secret was presented but does not match a registered client. */
  wrong: boolean;
}

function checkClient(ctx: EmulatorContext, req: EmulatorRequest, params: URLSearchParams): ClientCheck {
  const basic = basicCredentials(req);
  if (basic === 'malformed') return { authenticated: false, wrong: true };
  const id = params.get('client_id') ?? basic?.id;
  const secret = params.get('client_secret') ?? basic?.secret;
  if (id === undefined) return { authenticated: false, wrong: secret !== undefined };
  const account = ctx.store.accountByClientId(id);
  if (!account) return { clientId: id, authenticated: false, wrong: true };
  if (secret === undefined) return { clientId: id, authenticated: false, wrong: false };
  const ok = account.oauthClient.clientSecret === secret;
  return { clientId: id, authenticated: ok, wrong: !ok };
}

function issue(ctx: EmulatorContext, tables: OAuthGrants, accountId: number, clientId: string, family: string) {
  const accessToken = opaqueToken();
  const refreshToken = opaqueToken(32);
  tables.accessTokens.set(accessToken, {
    accountId,
    clientId,
    family,
    expiresAt: ctx.clock.now() + ACCESS_TOKEN_TTL_SECONDS * 1000,
  });
  tables.refreshTokens.set(refreshToken, {
    accountId,
    clientId,
    family,
    spent: false,
    expiresAt: ctx.clock.now() + REFRESH_TOKEN_TTL_MS,
  });
  return {
    status: 200,
    headers: { 'cache-control': 'no-store', date: new Date(ctx.clock.now()).toUTCString() },
    json: { access_token: accessToken, expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: refreshToken },
  } satisfies EmulatorResponse;
}

function codeGrant(ctx: EmulatorContext, tables: OAuthGrants, params: URLSearchParams, client: ClientCheck) {
  const code = params.get('code') ?? '';
  const record = tables.codes.get(code);
  tables.codes.delete(code);
  if (!record || record.expiresAt <= ctx.clock.now()) return oauthError('invalid_grant', 'invalid or expired code');
  if (client.clientId !== undefined && client.clientId !== record.clientId) {
    return oauthError('invalid_grant', 'code was issued to another client');
  }
  const redirectUri = params.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== record.redirectUri) {
    return oauthError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  tables.stats.codeGrants++;
  return issue(ctx, tables, record.accountId, record.clientId, opaqueToken(9));
}

function passwordGrant(ctx: EmulatorContext, tables: OAuthGrants, params: URLSearchParams, client: ClientCheck) {
  if (!client.authenticated || client.clientId === undefined) {
    return oauthError('invalid_client', 'client credentials are required');
  }
  const username = params.get('username') ?? '';
  const account: EmulatorAccount | undefined = ctx.store.accountByUser(username);
  if (!account || account.consoleUser.toLowerCase() !== username.toLowerCase()) {
    return oauthError('invalid_grant', 'invalid username or password');
  }
  if (account.consolePassword !== params.get('password')) {
    return oauthError('invalid_grant', 'invalid username or password');
  }
  tables.stats.passwordGrants++;
  return issue(ctx, tables, account.id, client.clientId, opaqueToken(9));
}

function refreshGrant(ctx: EmulatorContext, tables: OAuthGrants, params: URLSearchParams, client: ClientCheck) {
  if (!client.authenticated || client.clientId === undefined) {
    return oauthError('invalid_client', 'client credentials are required');
  }
  const presented = params.get('refresh_token') ?? '';
  const record = tables.refreshTokens.get(presented);
  if (record && record.expiresAt <= ctx.clock.now()) {
    // Past its life (the sweep may not have reached it yet): forgotten, like a token never issued.
    tables.refreshTokens.delete(presented);
    tables.stats.invalidGrants++;
    return oauthError('invalid_grant', 'unknown refresh token');
  }
  if (!record || record.clientId !== client.clientId) {
    tables.stats.invalidGrants++;
    return oauthError('invalid_grant', 'unknown refresh token');
  }
  if (record.spent || tables.revokedFamilies.has(record.family)) {
    // Reuse of a spent refresh token: somebody holds a copy. Revoke the whole family.
    revokeFamily(tables, record.family, ctx.clock.now());
    tables.stats.invalidGrants++;
    return oauthError('invalid_grant', 'refresh token already used; the grant has been revoked');
  }
  record.spent = true;
  tables.stats.refreshes++;
  return issue(ctx, tables, record.accountId, record.clientId, record.family);
}

/**
 * The Token endpoint: `authorization_code` (POST form, or the GET variant MailUp's samples use), `password` and
 * `refresh_token`; client credentials in the body or a Basic header; single-use rotating refresh tokens.
 */
export function installTokenEndpoint(ctx: EmulatorContext): void {
  const handler = (req: EmulatorRequest): EmulatorResponse => {
    let params: URLSearchParams;
    try {
      params = requestParams(req);
    } catch (error) {
      if (error instanceof MalformedInputError) return oauthError('invalid_request', error.message);
      throw error;
    }
    const tables = ctx.store.oauth;
    const client = checkClient(ctx, req, params);
    if (client.wrong) return oauthError('invalid_client', 'invalid client credentials');
    const grant = params.get('grant_type');
    if (grant === 'authorization_code') return codeGrant(ctx, tables, params, client);
    if (req.method === 'GET') return oauthError('invalid_request', 'only the code exchange may use GET');
    if (grant === 'password') return passwordGrant(ctx, tables, params, client);
    if (grant === 'refresh_token') return refreshGrant(ctx, tables, params, client);
    return oauthError('unsupported_grant_type', 'grant_type must be authorization_code, password or refresh_token');
  };
  ctx.route('POST', OAUTH_PATHS.token, { protocol: 'oauth', operation: 'Token' }, handler);
  ctx.route('GET', OAUTH_PATHS.token, { protocol: 'oauth', operation: 'Token' }, handler);
}
