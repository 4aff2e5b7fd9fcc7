import type { ConnectionOptions } from 'node:tls';
import type { RequestSummary, Transport, TransportAttempt } from '@mailup-kit/core';
import { defineSecretProperty } from '@mailup-kit/core/pipeline';
import { SmtpConnectionPool, type SmtpDelivery, type SmtpPoolSettings } from './connection-pool.js';
import type { ComposedMessage } from './smtp-message.js';

/** Options of {@link SmtpTransport}. */
export interface SmtpTransportOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  requireTLS?: boolean;
  tls?: ConnectionOptions;
  maxConnections?: number;
  maxMessages?: number;
  connectTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * Core's transport contract over nodemailer's SMTP connections, pooled: one attempt delivers one composed
 * message. It never resends; it classifies each failure by how far the message got (see `smtpFailure`) and marks
 * bytes as possibly gone only once the DATA terminator may have been written.
 */
export class SmtpTransport implements Transport<ComposedMessage, SmtpDelivery> {
  private readonly pool: SmtpConnectionPool;
  private readonly host: string;

  constructor(options: SmtpTransportOptions) {
    this.host = `${options.host}:${options.port}`;
    const settings: SmtpPoolSettings = {
      host: options.host,
      port: options.port,
      requireTLS: options.requireTLS ?? true,
      tls: options.tls ?? {},
      auth: hiddenAuth(options.user, options.password),
      maxConnections: options.maxConnections ?? 5,
      maxMessages: options.maxMessages ?? 100,
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
      socketTimeoutMs: options.socketTimeoutMs ?? 60_000,
    };
    this.pool = new SmtpConnectionPool(settings);
  }

  send(request: ComposedMessage, attempt: TransportAttempt): Promise<SmtpDelivery> {
    return this.pool.deliver(request.envelope, request.raw, request.messageId, attempt);
  }

  summarize(request: ComposedMessage): RequestSummary {
    return { method: 'SMTP', url: `smtp://${this.host} ${request.messageId}` };
  }

  /** Connections open now. */
  get connections(): number {
    return this.pool.size;
  }

  /** Sends QUIT on every connection. */
  close(): void {
    this.pool.close();
  }
}

/**
 * nodemailer's `login(auth)` keeps `auth` on the connection and copies `user`/`pass` into `auth.credentials` unless
 * that already holds both. Both `pass` fields are non-enumerable getters ({@link defineSecretProperty}), so the
 * password is never a plain property of the pool's settings or of an open connection: `util.inspect` of the relay
 * (even `showHidden`, depth Infinity) and `JSON.stringify` print no password.
 */
function hiddenAuth(user: string, password: string): { user: string; pass: string } {
  const credentials = defineSecretProperty({ user }, 'pass', password);
  return defineSecretProperty({ user, credentials }, 'pass', password);
}
