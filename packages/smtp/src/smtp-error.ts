import { type ErrorKind, MailUpError } from '@mailup-kit/core';

/** What the relay knows about a failed message: how far it got. */
export interface SmtpFailureFacts {
  operation: string;
  messageId: string;
  /** True once the whole message was handed to the socket (the DATA terminator may have been written). */
  dataSent: boolean;
  aborted?: boolean;
  timedOut?: boolean;
}

const TLS_CODES = new Set([
  'ETLS',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Turns a nodemailer SMTP failure into a MailUpError of protocol `smtp`:
 * - nothing of the message left (connect, TLS, AUTH, MAIL FROM / RCPT TO, a drop before the end of DATA) ⇒ not
 *   delivered: `auth-invalid` (535), `permanent` (5xx, TLS verification), `transient` (4xx, network) — a
 *   transient one may go out again on another connection;
 * - the server answered the end of DATA with a refusal ⇒ definitely not accepted (`permanent` 5xx, `transient` 4xx);
 * - the connection failed after the whole message (DATA terminator) was written and before the server's answer
 *   ⇒ `ambiguous` with `sent: 'maybe'`: it may have been accepted, and it is never sent again by the relay.
 *
 * `sent`: `'no'` for every failure before the end of DATA (the message never left), `'yes'` when the server
 * answered the end of DATA (a 4xx/5xx refusal: it received the message and said no), `'maybe'` otherwise.
 */
export function smtpFailure(error: unknown, facts: SmtpFailureFacts): MailUpError {
  const err = (error ?? {}) as { code?: string; responseCode?: number; command?: string; message?: string };
  const code = err.code ?? '';
  const responseCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const base = { protocol: 'smtp' as const, operation: facts.operation, vendorCode: responseCode };
  const details = { messageId: facts.messageId, smtpCode: code || undefined, command: err.command };
  const text = (err.message ?? String(error)).replace(/[\r\n]+/g, ' ').slice(0, 300);
  if (facts.aborted) {
    return new MailUpError({
      ...base,
      kind: 'aborted',
      message: `${facts.operation}: aborted by the caller${facts.dataSent ? ' after the message was sent (it may have been accepted)' : ''}`,
      sent: facts.dataSent ? 'maybe' : 'no',
      details: { ...details, aborted: true },
    });
  }
  const answered = code === 'EAUTH' || code === 'EENVELOPE' || code === 'EMESSAGE';
  if (facts.dataSent && !answered) {
    return new MailUpError({
      ...base,
      kind: 'ambiguous',
      message: `${facts.operation}: the connection failed after message ${facts.messageId} was sent and before the server answered; it may have been accepted, so it is not sent again (${text})`,
      sent: 'maybe',
      details,
      cause: error,
    });
  }
  let kind: ErrorKind;
  if (code === 'EAUTH') kind = 'auth-invalid';
  else if (TLS_CODES.has(code) || /certificate|self[- ]signed/i.test(text)) kind = 'permanent';
  else if (responseCode !== undefined && responseCode >= 500) kind = 'permanent';
  else kind = 'transient';
  return new MailUpError({
    ...base,
    kind,
    message: `${facts.operation}: message ${facts.messageId} was not delivered (${text})`,
    sent: facts.dataSent && answered ? 'yes' : 'no',
    details,
    cause: error,
  });
}
