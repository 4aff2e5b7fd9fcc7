import type { ConnectionOptions } from 'node:tls';
import type { ClientCallOptions, ClientConfig } from '@mailup-kit/core';
import { callOptionsOf, deferInput, operationTable, type Pipeline, ProtocolClient } from '@mailup-kit/core/pipeline';
import { type Limiter, type QuotaMiddlewareOptions, quotaPlugin } from '@mailup-kit/limits';
import type { SmtpDelivery } from './connection-pool.js';
import { invalid } from './invalid.js';
import {
  DEFAULT_SMTP_PLUS_HOST,
  DEFAULT_SMTP_PLUS_PORT,
  isDocumentedSmtpPlusPort,
  SMTP_PLUS_HOSTS,
} from './relay-hosts.js';
import { type ComposedMessage, composeMessage, type SmtpPlusMessage } from './smtp-message.js';
import { SmtpTransport } from './smtp-transport.js';

/** Options of {@link SmtpPlusRelay}: core's {@link ClientConfig} plus the relay's settings. */
export interface SmtpPlusRelayOptions extends ClientConfig<ComposedMessage, SmtpDelivery, Limiter> {
  /** The SMTP+ user, `sNNNNN_NN` (console: Settings > List settings > SMTP+). */
  user: string;
  /** Its password. Never logged, never in an error. */
  password: string;
  /** Default `in.smtpok.com` (`fast.smtpok.com` is the same relay); any host for a test server. */
  host?: string;
  /** Default 587; on MailUp's hosts one of 25, 23, 26, 587, 1025–5000. */
  port?: number;
  /** STARTTLS is required by default; `false` allows a server without it (still verified when offered). */
  requireTLS?: boolean;
  /** Name checked against the server certificate (default `host`). */
  servername?: string;
  /**
   * TLS: `ca` — extra trusted CA(s) in PEM, e.g. the emulator's `smtp.ca` — and other `tls.connect` options.
   * Verification cannot be switched off (`rejectUnauthorized: false` is refused).
   */
  tls?: Omit<ConnectionOptions, 'rejectUnauthorized'>;
  /** Pooled connections: how many at once (default 5) and messages per connection (default 100). */
  pool?: { maxConnections?: number; maxMessages?: number };
  /**
   * How many times a message that provably never reached the server (refused connection, a drop before the end of
   * DATA, a 4xx) is requeued onto a connection (default 2). A message whose DATA was sent is never requeued.
   */
  maxRequeues?: number;
  /** With `limiter`: options of the quota step (e.g. the `account` the pacing counts against). */
  quota?: QuotaMiddlewareOptions;
}

/** The result of one delivered message. */
export interface SmtpPlusSendResult extends SmtpDelivery {
  envelope: { from: string; to: string[] };
}

/** The relay's operation table: one row, `smtp:send` (the policy table's `smtp` row counts it). */
export const SMTP_OPERATIONS = operationTable('smtp', [{ name: 'send', retryClass: 'send', policy: 'send' }]);

// The relay's one row, taken from the table once: a send passes it by reference (no lookup by name).
const SEND = SMTP_OPERATIONS.send;

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw invalid('SmtpPlusRelay', `${name} must be a positive integer`);
  return value;
}

/**
 * MailUp's SMTP+ relay as a client on core's template: every message is checked (CR/LF refused everywhere, a
 * valid `X-SMTPAPI`), given a Message-ID, paced by the `limiter` to the purchased level of service
 * (`policy: { levelOfService: { smtp: N } }` — shared by every worker that uses the same store, refused past a
 * 1,000,000-message backlog), and delivered over pooled, STARTTLS-verified, authenticated connections. A message
 * that may have been accepted (connection lost after the DATA terminator) fails `ambiguous` with its Message-ID
 * and is never sent again.
 *
 * @example
 * ```ts
 * const relay = new SmtpPlusRelay({ user: 's12345_1', password: process.env.SMTP_PLUS_PASSWORD! });
 * const { messageId } = await relay.send({ from: 'shop@example.com', to: 'ann@example.com', subject: 'Receipt', text: '…' });
 * await relay.close();
 * ```
 */
export class SmtpPlusRelay {
  /** The client template underneath (pipeline, operation table, plugins applied). */
  readonly client: ProtocolClient<ComposedMessage, SmtpDelivery, Limiter>;
  /** The call pipeline. */
  readonly pipeline: Pipeline;

  constructor(options: SmtpPlusRelayOptions) {
    if (typeof options !== 'object' || options === null) throw invalid('SmtpPlusRelay', 'options are required');
    const { user, password } = options;
    if (typeof user !== 'string' || !/^s\d+_\d+$/i.test(user)) {
      throw invalid('SmtpPlusRelay', 'user must be an SMTP+ user like s12345_1');
    }
    if (typeof password !== 'string' || password === '' || /[\r\n]/.test(password)) {
      throw invalid('SmtpPlusRelay', 'password must be a non-empty single-line string');
    }
    const host = options.host ?? DEFAULT_SMTP_PLUS_HOST;
    if (typeof host !== 'string' || !/^[A-Za-z0-9.:[\]-]+$/.test(host))
      throw invalid('SmtpPlusRelay', 'host is not a host name');
    const port = options.port ?? DEFAULT_SMTP_PLUS_PORT;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid('SmtpPlusRelay', 'port must be 1–65535');
    if ((SMTP_PLUS_HOSTS as readonly string[]).includes(host.toLowerCase()) && !isDocumentedSmtpPlusPort(port)) {
      throw invalid('SmtpPlusRelay', `port ${port} is not an SMTP+ port (25, 23, 26, 587, 1025–5000)`);
    }
    if ((options.tls as ConnectionOptions | undefined)?.rejectUnauthorized === false) {
      throw invalid(
        'SmtpPlusRelay',
        'TLS verification cannot be switched off: pass the server CA as `tls: { ca }` instead',
      );
    }
    const maxRequeues = options.maxRequeues ?? 2;
    if (!Number.isSafeInteger(maxRequeues) || maxRequeues < 0) {
      throw invalid('SmtpPlusRelay', 'maxRequeues must be a non-negative integer');
    }
    const maxConnections = positiveInt('pool.maxConnections', options.pool?.maxConnections, 5);
    const maxMessages = positiveInt('pool.maxMessages', options.pool?.maxMessages, 100);
    const quota = options.quota;
    this.client = new ProtocolClient<ComposedMessage, SmtpDelivery, Limiter>({
      protocol: 'smtp',
      operations: SMTP_OPERATIONS,
      config: { ...options, retryPolicy: { maxAttempts: maxRequeues + 1, ...options.retryPolicy } },
      createTransport: ({ timeoutMs }) =>
        new SmtpTransport({
          host,
          port,
          user,
          password,
          requireTLS: options.requireTLS ?? true,
          tls: {
            ...options.tls,
            servername: options.servername ?? (/^[\d.:[\]]+$/.test(host) ? undefined : host),
          },
          maxConnections,
          maxMessages,
          ...(timeoutMs === undefined ? {} : { connectTimeoutMs: timeoutMs }),
        }),
      serialize: (input) => input as ComposedMessage,
      deserialize: (response, ctx) => ({
        ...response,
        envelope: (ctx.request as ComposedMessage).envelope,
      }),
      // The limits engine's quota step: reserves before each attempt, re-stamps a delivered message's reservation
      // when the relay's answer arrives (the relay counted it between release and answer), refunds only what
      // provably never left, pauses the key on a throttled answer.
      limiterPlugin: (limiter) => quotaPlugin(limiter, quota),
    });
    this.pipeline = this.client.pipeline;
  }

  /**
   * Sends one message. Resolves once the relay accepted it (250 to the end of DATA). Rejects with a MailUpError:
   * `validation` (bad input, nothing sent), `quota-exhausted` (pacing backlog full, nothing sent), `auth-invalid`,
   * `transient` / `permanent` (not delivered, after bounded requeues), or `ambiguous` (may have been accepted —
   * `details.messageId` names it; do not resend blindly).
   */
  send(message: SmtpPlusMessage, options: ClientCallOptions = {}): Promise<SmtpPlusSendResult> {
    // Checked and rendered inside the call's initialize step: a validation error carries the call id.
    return this.client.call<SmtpPlusSendResult>(
      SEND,
      deferInput(() => composeMessage(message)),
      callOptionsOf(options),
    );
  }

  /** Closes the pooled connections (QUIT). */
  async close(): Promise<void> {
    await this.client.close();
  }
}
