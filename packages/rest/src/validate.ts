import { MailUpError } from '@mailup-kit/core';

/** The protocols this package's validation speaks for: the OAuth client (`oauth`) and the REST resources (`rest`). */
export type RestProtocol = 'oauth' | 'rest';

/** A `validation` MailUpError labelled with `protocol` (default `oauth`): nothing was sent. */
export function invalid(operation: string, message: string, protocol: RestProtocol = 'oauth'): MailUpError {
  return new MailUpError({ kind: 'validation', protocol, operation, message });
}

/** Checks a required text parameter: a non-empty string without CR/LF or NUL. Never echoes the value. */
export function requireText(operation: string, name: string, value: unknown, protocol: RestProtocol = 'oauth'): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(operation, `${name} is required (a non-empty string)`, protocol);
  if (/[\r\n\0]/.test(value)) throw invalid(operation, `${name} must not contain CR, LF or NUL`, protocol);
  return value;
}

/** Checks an absolute http(s) URL without a fragment. */
export function requireUrl(operation: string, name: string, value: unknown, protocol: RestProtocol = 'oauth'): URL {
  const text = requireText(operation, name, value, protocol);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(operation, `${name} must be an absolute URL`, protocol);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(operation, `${name} must be http(s)`, protocol);
  }
  if (url.hash !== '') throw invalid(operation, `${name} must not have a #fragment`, protocol);
  return url;
}
