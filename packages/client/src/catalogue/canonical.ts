import { MailUpError } from '@mailup-kit/core';

/** A validation error of a facade operation's input (nothing is sent). */
export function inputError(operation: string, message: string, field?: string): MailUpError {
  return new MailUpError({
    kind: 'validation',
    protocol: 'client',
    operation,
    message: `${operation}: ${message}`,
    ...(field ? { details: { field } } : {}),
  });
}

/** A positive 32-bit id, or a validation error naming `field`. */
export function idOf(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw inputError(operation, `${field} must be a positive integer`, field);
  }
  return value;
}

/** A numeric id from a protocol's answer (SOAP and Import answer strings): a `permanent` error when it is not one. */
export function numericId(operation: string, field: string, value: unknown): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new MailUpError({
      kind: 'permanent',
      protocol: 'client',
      operation,
      message: `${operation}: the answer's ${field} is not a numeric id`,
      details: { field },
    });
  }
  return n;
}

/** A `not-found` error for something a transport's whole answer did not contain. */
export function notFound(operation: string, what: string): MailUpError {
  return new MailUpError({
    kind: 'not-found',
    protocol: 'client',
    operation,
    message: `${operation}: ${what} not found`,
  });
}

/** One line of text, or a validation error naming `field`. */
export function lineOf(operation: string, field: string, value: unknown, max = 1_000): string {
  if (typeof value !== 'string' || value.trim() === '') throw inputError(operation, `${field} is required`, field);
  if (/[\r\n\0]/.test(value)) throw inputError(operation, `${field} must not contain CR, LF or NUL`, field);
  if (value.length > max) throw inputError(operation, `${field} is longer than ${max} characters`, field);
  return value;
}
