import { MailUpError } from '@mailup-kit/core';

/** A `validation` MailUpError of the smtp protocol: bad input, nothing sent. */
export function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'smtp', operation, message, sent: 'no' });
}

const CRLF = /[\r\n]/;

/** Refuses CR or LF in a header value, a subject or an address (header injection); returns the value. */
export function oneLine(operation: string, where: string, value: string): string {
  if (CRLF.test(value)) throw invalid(operation, `${where} must not contain CR or LF (header injection)`);
  return value;
}
