import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { SMTP_SEND_OPERATION } from '../journal/operation-id.js';
import type { SmtpPlusUser } from '../store/services.js';
import type { EmulatorContext, EmulatorModule } from '../types.js';
import { headerValue, parseMail } from './parse-mail.js';
import { generateSmtpCertificate, type SmtpCertificate } from './smtp-certificate.js';
import { parseXSmtpApiHeader } from './x-smtpapi.js';

/** Options of {@link smtpModule}. */
export interface SmtpModuleOptions {
  /** Port of the SMTP listener; 0 (default) picks a free one. */
  port?: number;
  /** Largest message accepted, bytes (default 25 MiB, announced with `SIZE`). */
  maxMessageBytes?: number;
}

/** The relay's host name (its greeting, and the domain of the Message-IDs it adds). */
const SERVER_NAME = 'in.smtpok.com';

function replyError(message: string, responseCode: number): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The SMTP+ relay (REFERENCE §9) on the `smtp-server` package, opened through `ctx.listen()` (its URL is
 * `emulator.urls.smtp`): AUTH PLAIN and LOGIN as an SMTP+ user of the store, STARTTLS with a certificate signed by
 * a CA generated at start (`GET /__emulator/smtp/ca.pem`, control action `smtp.ca`), `X-SMTPAPI` parsed and
 * validated, every accepted message stored in `store.outbox` with a count per Message-ID, and the `after-data`
 * fault (protocol `smtp`, operation `DATA`): the message is stored, then the connection drops before the reply.
 */
export function smtpModule(options: SmtpModuleOptions = {}): EmulatorModule {
  let ctx: EmulatorContext;
  let server: SMTPServer | undefined;
  let certificate: SmtpCertificate | undefined;
  const sockets = new Map<string, Socket>();
  const stats = { connections: 0, accepted: 0, refused: 0, dropped: 0 };
  const maxBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;

  function userOf(session: SMTPServerSession): SmtpPlusUser | undefined {
    return typeof session.user === 'string' ? ctx.store.smtpUser(session.user) : undefined;
  }

  /** What the journal keeps of one DATA transaction, filled in as it is read. */
  interface DataTrace {
    time: number;
    wallTime: number;
    started: number;
    dataCompleted: boolean;
    raw: Buffer | undefined;
    size: number;
  }

  function journalData(trace: DataTrace | undefined, session: SMTPServerSession, status: number, reply: string) {
    if (!trace) return;
    const user = userOf(session);
    ctx.journal.record({
      time: trace.time,
      wallTime: trace.wallTime,
      protocol: 'smtp',
      operation: SMTP_SEND_OPERATION,
      method: 'DATA',
      path: `smtp://${session.localAddress}:${session.localPort}`,
      accountId: user?.accountId,
      status,
      durationMs: Math.round((performance.now() - trace.started) * 1000) / 1000,
      transport: { kind: 'smtp', dataCompleted: trace.dataCompleted, recipients: session.envelope.rcptTo.length },
      requestHeaders: {
        'mail-from': session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        'rcpt-to': session.envelope.rcptTo.map((r) => r.address).join(', '),
        ...(user ? { 'smtp-user': user.username } : {}),
      },
      requestBody: trace.raw ?? (trace.size > 0 ? `[${trace.size} bytes over the message size limit, not kept]` : ''),
      responseHeaders: {},
      responseBody: reply,
    });
  }

  async function receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    trace: DataTrace | undefined,
  ): Promise<string> {
    // Keep at most maxBytes: past the announced SIZE the rest of DATA is read to its final dot (SMTP answers only
    // then) and dropped, so a client streaming hundreds of megabytes costs no memory.
    const chunks: Buffer[] = [];
    let kept = 0;
    let tooLarge = false;
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      if (trace) trace.size += bytes.length;
      if (tooLarge || kept + bytes.length > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(bytes);
      kept += bytes.length;
    }
    if (trace) trace.dataCompleted = true;
    if (tooLarge || stream.sizeExceeded) throw replyError(`5.3.4 message exceeds ${maxBytes} bytes`, 552);
    const raw = Buffer.concat(chunks, kept);
    if (trace) trace.raw = raw;
    const user = userOf(session);
    if (!user) throw replyError('5.7.0 authentication required', 530);
    const header = headerValue(raw, 'X-SMTPAPI');
    const xSmtpApi = header === undefined ? undefined : parseXSmtpApiHeader(header);
    if (xSmtpApi && !xSmtpApi.ok) throw replyError(`5.6.0 X-SMTPAPI ${xSmtpApi.reason}`, 550);
    const rcptTo = session.envelope.rcptTo.map((r) => r.address);
    const parsed = await parseMail(raw, rcptTo);
    // No Message-ID (Python's `email` sends none): RFC 5322 §3.6.4 makes it a SHOULD and RFC 6409 §8.3 lets a
    // submission server add one, so the relay adds one to the stored message and answers it in the 250.
    const messageId = parsed.messageId || `${randomBytes(16).toString('hex')}@${SERVER_NAME}`;
    const stored = parsed.messageId ? raw : Buffer.concat([Buffer.from(`Message-ID: <${messageId}>\r\n`), raw]);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const row = ctx.store.outbox.addMail({
      ...parsed,
      messageId,
      channel: 'smtp',
      accountId: user.accountId,
      smtpUser: user.username,
      receivedAt: ctx.clock.now(),
      xSmtpApi: xSmtpApi?.ok ? xSmtpApi.value : undefined,
      request: undefined,
      envelope: { mailFrom, rcptTo },
      raw: stored,
    });
    return row.messageId;
  }

  return {
    name: 'smtp',
    install(c) {
      ctx = c;
      c.route('GET', '/__emulator/smtp/ca.pem', { protocol: 'client', operation: 'smtp.ca' }, () => ({
        status: certificate ? 200 : 503,
        headers: { 'content-type': 'application/x-pem-file' },
        body: certificate?.ca ?? 'SMTP server not started',
      }));
      c.action('smtp.ca', () => ({ ca: certificate?.ca }));
      c.action('smtp.stats', () => ({ ...stats, open: sockets.size }));
    },
    async start() {
      certificate = await generateSmtpCertificate();
      server = new SMTPServer({
        name: SERVER_NAME,
        banner: 'MailUp SMTP+ emulator',
        key: certificate.key,
        cert: certificate.cert,
        authMethods: ['PLAIN', 'LOGIN'],
        // STARTTLS is optional on MailUp's relay (REFERENCE §9): AUTH is accepted before it too.
        allowInsecureAuth: true,
        size: maxBytes,
        logger: false,
        closeTimeout: 1_000,
        onConnect(_session, callback) {
          stats.connections++;
          callback();
        },
        onAuth(auth, _session, callback) {
          const user = auth.username ? ctx.store.smtpUser(auth.username) : undefined;
          if (!user || auth.password !== user.secret) {
            return callback(replyError('5.7.8 authentication failed', 535));
          }
          if (!user.enabled) return callback(replyError('5.7.8 SMTP+ user is disabled', 535));
          callback(null, { user: user.username });
        },
        onMailFrom(address, session, callback) {
          const user = userOf(session);
          if (!user) return callback(replyError('5.7.0 authentication required', 530));
          const trusted = user.trustedSenders.length > 0 || user.trustedDomains.length > 0;
          const domain = address.address.split('@')[1]?.toLowerCase() ?? '';
          if (
            trusted &&
            !user.trustedSenders.some((s) => s.toLowerCase() === address.address.toLowerCase()) &&
            !user.trustedDomains.some((d) => d.toLowerCase() === domain)
          ) {
            return callback(replyError(`5.7.1 sender ${address.address} is not trusted for ${user.username}`, 550));
          }
          callback();
        },
        onData(stream, session, callback) {
          const trace: DataTrace | undefined = ctx.journal.active
            ? {
                time: ctx.clock.now(),
                wallTime: Date.now(),
                started: performance.now(),
                dataCompleted: false,
                raw: undefined,
                size: 0,
              }
            : undefined;
          receive(stream, session, trace).then(
            (messageId) => {
              const fault = ctx.faults.take({ protocol: 'smtp', operation: 'DATA' }, 'after-data');
              if (fault && (fault.type === 'reset' || fault.type === 'reset-after')) {
                stats.dropped++;
                sockets.get(session.id)?.destroy();
                journalData(trace, session, 0, '');
                return;
              }
              if (fault?.type === 'status') {
                const body = fault.body ?? '4.3.0 injected fault';
                journalData(trace, session, fault.status, body);
                return callback(replyError(body, fault.status));
              }
              stats.accepted++;
              const reply = `2.0.0 Ok: queued as ${messageId}`;
              journalData(trace, session, 250, reply);
              callback(null, reply);
            },
            (error: Error & { responseCode?: number }) => {
              stats.refused++;
              const refusal = error.responseCode ? error : replyError(`4.3.0 ${error.message}`, 451);
              journalData(trace, session, (refusal as { responseCode: number }).responseCode, refusal.message);
              callback(refusal);
            },
          );
        },
      });
      server.on('error', () => {}); // a client that drops mid-conversation is not the server's failure
      const smtp = server;
      await ctx.listen({
        key: 'smtp',
        scheme: 'smtp',
        port: options.port ?? 0,
        onConnection(socket) {
          const id = randomBytes(10).toString('hex');
          sockets.set(id, socket);
          socket.once('close', () => sockets.delete(id));
          smtp.connect(socket, { id });
        },
      });
    },
    async close() {
      for (const socket of sockets.values()) socket.destroy();
      sockets.clear();
    },
    reset() {
      stats.connections = 0;
      stats.accepted = 0;
      stats.refused = 0;
      stats.dropped = 0;
    },
  };
}
