import type { CredentialCaller } from '../credentials/credential-cache.js';
import { MailUpError } from '../errors/mailup-error.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { HttpCredentials } from './http-build.js';

/** Where a Bearer token comes from: a `TokenManager` of `@mailup-kit/rest` fits (structurally). */
export interface BearerTokens {
  /** The current access token (renewed by the holder when it must be). */
  getAccessToken(signal?: AbortSignal, caller?: CredentialCaller): Promise<string>;
  /**
   * The access token held in memory when `getAccessToken()` would answer it at once (fresh, nothing to renew or
   * save), else `undefined` (then the step asks `getAccessToken()`). Lets a call skip a promise per attempt.
   */
  peekAccessToken?(): string | undefined;
  /** Called once with a token the server rejected as expired, before the retry loop repeats the call. */
  forceRefresh?(rejectedAccessToken: string, signal?: AbortSignal, caller?: CredentialCaller): Promise<void>;
}

/** Options of {@link bearerAuthMiddleware}. */
export interface BearerAuthOptions {
  /** Calls this step leaves alone (another auth middleware serves them, e.g. HTTP Basic for PublicService). */
  skip?: (ctx: CallContext) => boolean;
}

/**
 * The `auth` step of an HTTP member authenticated by OAuth: puts `Authorization: Bearer <token>` into
 * `ctx.credentials` (an {@link HttpCredentials}; the build step renders it into the request), once per attempt, so
 * each attempt picks up the current token. When the server answers 401 (`auth-expired`) it forces ONE refresh of
 * the token that was rejected and rethrows, so that the retry loop repeats the call once (through the quota step
 * again); it never re-sends by itself. The REST client and the JSONP client both use it.
 *
 * @example
 * ```ts
 * plugins: [definePlugin('rest:auth', [{ step: 'auth', name: 'rest:auth', middleware: bearerAuthMiddleware(tokens) }])]
 * ```
 */
export function bearerAuthMiddleware(tokens: BearerTokens, options: BearerAuthOptions = {}): Middleware {
  const { skip } = options;
  return async (ctx, next) => {
    if (skip?.(ctx)) return next();
    // A fresh token in memory is taken as it is; otherwise the holder is asked, naming the call that needs it (a
    // renewal it starts names it in its credential events; the call's id is read only then: see CallState).
    const token = tokens.peekAccessToken?.() ?? (await tokens.getAccessToken(ctx.signal, new CallerOf(ctx)));
    const credentials: HttpCredentials = { headers: { authorization: `Bearer ${token}` } };
    ctx.credentials = credentials;
    try {
      return await next();
    } catch (error) {
      if (MailUpError.is(error, 'auth-expired')) await tokens.forceRefresh?.(token, ctx.signal, new CallerOf(ctx));
      throw error;
    }
  };
}

/**
 * The {@link CredentialCaller} of a call: reads the call's id only when a credential event asks for it (a pipeline
 * draws a call's id on first read). The call itself is kept in an ES private field: never printed, never
 * serialised (`toJSON` gives the plain facts).
 */
class CallerOf implements CredentialCaller {
  readonly #ctx: CallContext;
  readonly parentCallId: string | undefined;
  readonly attempt: number;

  constructor(ctx: CallContext) {
    this.#ctx = ctx;
    this.parentCallId = ctx.parentCallId;
    this.attempt = ctx.attempt;
  }

  get callId(): string {
    return this.#ctx.callId;
  }

  toJSON(): { callId: string; parentCallId?: string; attempt: number } {
    return { callId: this.callId, parentCallId: this.parentCallId, attempt: this.attempt };
  }
}
