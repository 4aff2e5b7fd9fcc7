import type { ClientCallOptions } from '@mailup-kit/core';
import type { SmtpPlusMessage } from './smtp-message.js';
import { SmtpPlusRelay, type SmtpPlusRelayOptions, type SmtpPlusSendResult } from './smtp-plus-relay.js';

/** What nodemailer hands a custom transport (only the part we read). */
interface NodemailerMail {
  data: SmtpPlusMessage & { signal?: AbortSignal };
}

/** A nodemailer transport object (`nodemailer.createTransport(smtpPlusTransport(…))`). */
export interface SmtpPlusNodemailerTransport {
  readonly name: string;
  readonly version: string;
  /** The relay underneath (close it with `transporter.close()`). */
  readonly relay: SmtpPlusRelay;
  send(mail: NodemailerMail, callback: (err: Error | null, info?: SmtpPlusSendResult) => void): void;
  close(): void;
}

/**
 * MailUp's SMTP+ relay as a nodemailer transport: `nodemailer.createTransport(smtpPlusTransport({ user, password
 * }))` sends the usual message object (plus `xSmtpApi`) through {@link SmtpPlusRelay} — validation, Message-ID,
 * pacing, pooled STARTTLS connections, no silent resend. Switching to the Send API is one line
 * (`sendApiTransport(…)` from `@mailup-kit/transactional`).
 *
 * @example
 * ```ts
 * import nodemailer from 'nodemailer';
 * const transporter = nodemailer.createTransport(smtpPlusTransport({ user: 's12345_1', password }));
 * await transporter.sendMail({ from: 'shop@example.com', to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 * ```
 */
export function smtpPlusTransport(options: SmtpPlusRelayOptions | SmtpPlusRelay): SmtpPlusNodemailerTransport {
  const relay = options instanceof SmtpPlusRelay ? options : new SmtpPlusRelay(options);
  return {
    name: 'MailUpSmtpPlus',
    version: '0.1.0',
    relay,
    send(mail, callback) {
      const { signal, ...message } = mail.data;
      const call: ClientCallOptions = signal ? { signal } : {};
      relay.send(message, call).then(
        (info) => callback(null, info),
        (error: Error) => callback(error),
      );
    },
    close() {
      void relay.close();
    },
  };
}
