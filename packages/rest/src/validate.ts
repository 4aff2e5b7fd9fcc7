import { MailUpError } from '@mailup-kit/core';

/** A `validation` MailUpError for the oauth protocol: nothing was sent. */
export function invalid(operation: string, message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'oauth', operation, message });
}

/** Checks a required text parameter: a non-empty string without CR/LF or NUL. Never echoes the value. */
export function requireText(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(operation, `${name} is required (a non-empty string)`);
  if (/[\r\n\0]/.test(value)) throw invalid(operation, `${name} must not contain CR, LF or NUL`);
  return value;
}

/** Checks an absolute http(s) URL without a fragment. */
export function requireUrl(operation: string, name: string, value: unknown): URL {
  const text = requireText(operation, name, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(operation, `${name} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(operation, `${name} must be http(s)`);
  if (url.hash !== '') throw invalid(operation, `${name} must not have a #fragment`);
  return url;
}
