/** MailUp's SMTP+ relay hosts (REFERENCE §9): both give the same result. */
export const SMTP_PLUS_HOSTS = ['in.smtpok.com', 'fast.smtpok.com'] as const;

/** The default relay host (the one MailUp's console suggests). */
export const DEFAULT_SMTP_PLUS_HOST = 'in.smtpok.com';

/** The default port: 587 (submission), one of the documented ones. */
export const DEFAULT_SMTP_PLUS_PORT = 587;

/** True for a port MailUp documents for SMTP+: 25, 1025–5000, and 23, 26, 587 from the older settings page. */
export function isDocumentedSmtpPlusPort(port: number): boolean {
  return port === 25 || port === 23 || port === 26 || port === 587 || (port >= 1025 && port <= 5000);
}
