import { Readable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { TransportAttempt } from '@mailup-kit/core';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { smtpFailure } from './smtp-error.js';

/** Settings of a {@link SmtpConnectionPool}. */
export interface SmtpPoolSettings {
  host: string;
  port: number;
  /** Refuse to go on without STARTTLS (default true). */
  requireTLS: boolean;
  /** Passed to `tls.connect` on STARTTLS (`ca`, `servername` …); verification is always on. */
  tls: ConnectionOptions;
  auth: { user: string; pass: string };
  /** Connections open at once (default 5). */
  maxConnections: number;
  /** Messages sent over one connection before it is replaced (default 100). */
  maxMessages: number;
  /** Deadline of connect + greeting + STARTTLS + AUTH, ms (default 30 000). */
  connectTimeoutMs: number;
  /** Inactivity timeout of a connection, ms (default 60 000). */
  socketTimeoutMs: number;
}

/** What the server said when it accepted a message. */
export interface SmtpDelivery {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** The server's final reply, e.g. `250 2.0.0 Ok: queued`. */
  response: string;
}

interface Conn {
  smtp: SMTPConnection;
  messages: number;
  broken: boolean;
}

interface Waiter {
  resolve(conn: Conn): void;
  reject(error: unknown): void;
}

/**
 * A pool of authenticated SMTP connections (nodemailer's `SMTPConnection`) that knows, for every message, whether
 * its DATA terminator may have been written: the body is handed over as a stream that nodemailer reads only after
 * the server's 354, and the stream's end is the moment the terminator follows. The pool itself never resends.
 */
export class SmtpConnectionPool {
  private readonly idle: Conn[] = [];
  private readonly open = new Set<Conn>();
  private readonly waiters: Waiter[] = [];
  private opening = 0;
  private closed = false;

  constructor(private readonly settings: SmtpPoolSettings) {}

  /** Connections currently open. */
  get size(): number {
    return this.open.size;
  }

  async deliver(
    envelope: { from: string; to: string[] },
    raw: Buffer,
    messageId: string,
    attempt: TransportAttempt,
  ): Promise<SmtpDelivery> {
    const operation = attempt.operation ?? 'send';
    let dataSent = false;
    let conn: Conn | undefined;
    // nodemailer's close() drops the pending send callback (and a connection that hangs in EHLO / AUTH waits for its
    // socket timeout), so an abort or the deadline settles the attempt itself: acquiring and sending are raced with
    // the stop, and the connection is discarded (whatever it later says is ignored).
    let stop: 'aborted' | 'timeout' | undefined;
    let halt: (reason: Error) => void = () => {};
    const stopped = new Promise<never>((_resolve, reject) => {
      halt = reject;
    });
    stopped.catch(() => {}); // raced below; a stop after the attempt settled has no reader
    const stopNow = (why: 'aborted' | 'timeout') => {
      if (stop) return;
      stop = why;
      if (conn) this.discard(conn);
      halt(
        Object.assign(new Error(why === 'aborted' ? 'aborted' : 'no answer within the deadline'), {
          code: why === 'aborted' ? 'EABORT' : 'ETIMEDOUT',
        }),
      );
    };
    const onAbort = () => stopNow('aborted');
    attempt.signal?.addEventListener('abort', onAbort, { once: true });
    const remaining = attempt.remainingMs();
    // A requeue after the deadline passed stops before it takes a connection.
    if (remaining !== undefined && remaining <= 0) stopNow('timeout');
    const timer = remaining === undefined || stop ? undefined : setTimeout(() => stopNow('timeout'), remaining);
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      attempt.signal?.removeEventListener('abort', onAbort);
    };
    const acquiring = stop ? stopped : this.acquire(attempt);
    try {
      conn = await Promise.race([acquiring, stopped]);
    } catch (error) {
      cleanup();
      // Stopped while a connection was being opened: when it arrives it goes back to the pool.
      if (stop)
        acquiring.then(
          (late) => this.release(late),
          () => {},
        );
      throw smtpFailure(error, {
        operation,
        messageId,
        dataSent,
        aborted: stop === 'aborted' || attempt.signal?.aborted === true,
        timedOut: stop === 'timeout',
      });
    }
    const smtp = conn.smtp;
    const body = new Readable({
      read() {
        this.push(raw);
        this.push(null);
      },
    });
    body.once('end', () => {
      dataSent = true;
      attempt.markSent('maybe');
    });
    try {
      const sent = new Promise<{ accepted: string[]; rejected: string[]; response: string }>((resolve, reject) => {
        if (attempt.signal?.aborted) return reject(new Error('aborted'));
        smtp.send(envelope, body, (err, result) => (err ? reject(err) : resolve(result)));
      });
      const info = await Promise.race([sent, stopped]);
      conn.messages++;
      this.release(conn);
      return { messageId, accepted: info.accepted, rejected: info.rejected, response: info.response };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A stopped attempt already discarded its connection.
      if (!stop) {
        if (code === 'EENVELOPE' || code === 'EMESSAGE') this.resetOrDiscard(conn);
        else this.discard(conn);
      }
      throw smtpFailure(error, {
        operation,
        messageId,
        dataSent,
        aborted: stop === 'aborted' || attempt.signal?.aborted === true,
        timedOut: stop === 'timeout',
      });
    } finally {
      cleanup();
    }
  }

  /** Closes every connection (QUIT) and refuses waiting and later messages. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the relay was closed'));
    for (const conn of [...this.open]) {
      conn.broken = true;
      this.open.delete(conn);
      conn.smtp.quit();
    }
    this.idle.length = 0;
  }

  private async acquire(attempt: TransportAttempt): Promise<Conn> {
    if (this.closed) throw new Error('the relay was closed');
    while (this.idle.length > 0) {
      const conn = this.idle.pop() as Conn;
      if (!conn.broken) return conn;
    }
    if (this.open.size + this.opening < this.settings.maxConnections) return this.connect();
    return new Promise<Conn>((resolve, reject) => {
      // Settled once: the abort listener goes on every outcome (a long-lived shutdown signal shared by many sends
      // must not collect one listener per failed wait), and a connection that arrives after the caller gave up
      // goes back to the pool instead of leaking.
      let settled = false;
      const settle = () => {
        settled = true;
        attempt.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        resolve: (conn) => {
          if (settled) return this.release(conn);
          settle();
          resolve(conn);
        },
        reject: (error) => {
          if (settled) return;
          settle();
          reject(error);
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        waiter.reject(new Error('aborted while waiting for a connection'));
      };
      attempt.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private async connect(): Promise<Conn> {
    const s = this.settings;
    this.opening++;
    const smtp = new SMTPConnection({
      host: s.host,
      port: s.port,
      secure: false,
      requireTLS: s.requireTLS,
      tls: { ...s.tls, rejectUnauthorized: true },
      connectionTimeout: s.connectTimeoutMs,
      greetingTimeout: s.connectTimeoutMs,
      socketTimeout: s.socketTimeoutMs,
    });
    const conn: Conn = { smtp, messages: 0, broken: false };
    smtp.on('error', () => this.forget(conn));
    smtp.on('end', () => this.forget(conn));
    try {
      await new Promise<void>((resolve, reject) => {
        smtp.once('error', reject);
        smtp.connect(() => {
          smtp.removeListener('error', reject);
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => smtp.login(s.auth, (err) => (err ? reject(err) : resolve())));
    } catch (error) {
      this.forget(conn);
      smtp.close();
      throw error;
    } finally {
      this.opening--;
    }
    this.open.add(conn);
    return conn;
  }

  private forget(conn: Conn): void {
    conn.broken = true;
    this.open.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    this.wakeOne();
  }

  private discard(conn: Conn): void {
    this.forget(conn);
    conn.smtp.close();
  }

  private resetOrDiscard(conn: Conn): void {
    conn.smtp.reset((err) => (err ? this.discard(conn) : this.release(conn)));
  }

  private release(conn: Conn): void {
    if (conn.broken) {
      this.wakeOne();
      return;
    }
    if (this.closed || conn.messages >= this.settings.maxMessages) {
      this.forget(conn);
      conn.smtp.quit();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(conn);
    else this.idle.push(conn);
  }

  /** A connection slot freed: open one for the first waiter. */
  private wakeOne(): void {
    if (this.closed || this.waiters.length === 0) return;
    if (this.open.size + this.opening >= this.settings.maxConnections) return;
    const waiter = this.waiters.shift() as Waiter;
    this.connect().then(waiter.resolve, waiter.reject);
  }
}
