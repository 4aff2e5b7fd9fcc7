import type { Protocol } from '../errors/error-kind.js';
import { MailUpError } from '../errors/mailup-error.js';

/** A response body as text: bytes are decoded as UTF-8 (`TextDecoder`, no `Buffer`), anything else `String()`-ed. */
export function bodyText(body: unknown): string {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return typeof body === 'string' ? body : String(body ?? '');
}

/**
 * The body as a JSON object, leniently (the vendor catalogues read error bodies this way): an already parsed
 * object is returned as is; text or bytes that parse to an object are returned parsed; anything else (not JSON,
 * a JSON scalar, empty) is `undefined`.
 */
export function parseJsonObject(body: unknown): Record<string, unknown> | undefined {
  if (body && typeof body === 'object' && !(body instanceof Uint8Array)) return body as Record<string, unknown>;
  try {
    const parsed = JSON.parse(bodyText(body)) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a body came from, for the error a malformed one becomes. */
export interface JsonBodyContext {
  protocol: Protocol;
  operation?: string;
  httpStatus?: number;
}

/**
 * The body of a successful answer, parsed strictly for a deserialize step: empty ⇒ `undefined`; not JSON ⇒ a
 * `permanent` MailUpError (`details.invalidJson`, never the body itself, which may hold personal data), so a
 * malformed answer is typed like every other failure instead of escaping as a bare `SyntaxError`.
 */
export function parseJsonBody<T = unknown>(body: unknown, context: JsonBodyContext): T {
  const text = bodyText(body);
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new MailUpError({
      kind: 'permanent',
      protocol: context.protocol,
      operation: context.operation,
      httpStatus: context.httpStatus,
      message: `${context.operation ?? context.protocol}: the answer is not valid JSON (${text.length} characters)`,
      details: { invalidJson: true },
      cause: error,
    });
  }
}
