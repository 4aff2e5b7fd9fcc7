import { MailUpError, type Protocol } from '@mailup-kit/core';

/** A `validation` MailUpError: bad input, nothing sent. */
export function invalid(protocol: Protocol, operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol, operation, message, sent: 'no' });
}

/** Refuses CR or LF (header injection) in `value`; returns it. */
export function oneLine(protocol: Protocol, operation: string, where: string, value: string): string {
  if (/[\r\n]/.test(value)) throw invalid(protocol, operation, `${where} must not contain CR or LF`);
  return value;
}

/** A base URL: absolute http(s), no query or fragment; returned without a trailing slash. */
export function baseUrl(protocol: Protocol, operation: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(protocol, operation, 'baseUrl must be an absolute URL');
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw invalid(protocol, operation, 'baseUrl must be an http(s) URL without query or fragment');
  }
  return url.toString().replace(/\/+$/, '');
}
