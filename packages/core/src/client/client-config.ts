import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallObserver } from '../pipeline/call-events.js';
import type { RetryBudget } from '../retry/retry-budget.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import type { Transport } from '../transport/transport.js';
import type { ClientPlugin } from './client-plugin.js';

/**
 * The one configuration shape of every protocol client (REST, SOAP, SMTP …). Every field is optional; a client
 * fills the gaps with its defaults.
 *
 * `L` is the limiter type: `Limiter` from `@mailup-kit/limits` for the protocol clients, which turn it into
 * `quotaPlugin(limiter)` (the policy rows applied by default) — core itself never depends on limits.
 *
 * @example
 * ```ts
 * const config: ClientConfig = { timeoutMs: 10_000, userAgent: 'my-app/1.0', retryPolicy: { maxAttempts: 2 } };
 * ```
 */
export interface ClientConfig<Req = unknown, Res = unknown, L = unknown> {
  /** The transport; default the protocol's own (created and closed by the client). */
  transport?: Transport<Req, Res>;
  clock?: Clock;
  /** Every line goes through `redactingLogger`. */
  logger?: Logger;
  /** Overrides of the protocol's retry policy (its operation table's retry classes stay unless overridden). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Retry budget shared by this client's calls (pass one instance to several clients to share it). */
  budget?: RetryBudget;
  /** When given, the quota step runs in every call with the policy rows (the protocol's `quotaPlugin`). */
  limiter?: L;
  /** Extra plugins, applied once each, after the protocol's own. */
  plugins?: readonly ClientPlugin[];
  /** `user-agent` of the default transport (default `mailup-kit/<version> node/<version>`). */
  userAgent?: string;
  /** Deadline of each exchange, ms (connect to last byte). */
  timeoutMs?: number;
  /**
   * Forward proxy of the default transport: a URL, or `false` for a direct connection. Default: `HTTPS_PROXY` /
   * `HTTP_PROXY` / `NO_PROXY` from the environment.
   */
  proxy?: string | false;
  /** TLS of the default transport (verification is always on): extra CA certificates to trust. */
  tls?: ClientTlsOptions;
  /**
   * Receives every call's events, the same for every protocol: `request`, `response`, `retry`, `throttled`,
   * `credential-renewed`, `reauthorization-required`, `credentials-unsaved` (typed, redacted). An observer that
   * throws never breaks a call.
   */
  observer?: CallObserver;
}

/** TLS settings every client accepts as `tls`. Verification cannot be switched off. */
export interface ClientTlsOptions {
  /** Extra CA certificates (PEM) to trust, e.g. a corporate proxy's or a test CA. */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

/** What a client hands to its transport factory when it creates its default transport. */
export interface TransportSettings {
  logger?: Logger;
  clock?: Clock;
  userAgent?: string;
  timeoutMs?: number;
  proxy?: string | false;
  tls?: ClientTlsOptions;
}
