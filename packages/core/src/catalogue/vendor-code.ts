import type { ErrorKind, Protocol } from '../errors/error-kind.js';
import { MailUpError, type RequestSummary } from '../errors/mailup-error.js';

/**
 * One row of a vendor code table. `kind` absent ⇒ not an error (success, or a status answer such as
 * Xmlchksubscriber's "subscribed"); `status` names such an answer.
 */
export interface VendorCode {
  readonly code: number;
  readonly meaning: string;
  readonly kind?: ErrorKind;
  readonly status?: string;
}

/** Where a vendor answer came from, for the error it becomes. */
export interface VendorErrorContext {
  operation?: string;
  request?: RequestSummary;
  httpStatus?: number;
}

/** The row of `table` for `code`, if any. */
export function findCode(table: readonly VendorCode[], code: number): VendorCode | undefined {
  return table.find((row) => row.code === code);
}

/** A MailUpError for a table row (or an unknown code, as `permanent`). */
export function vendorCodeError(
  protocol: Protocol,
  source: string,
  code: number,
  row: VendorCode | undefined,
  context: VendorErrorContext = {},
  extraDetails: Readonly<Record<string, unknown>> = {},
): MailUpError {
  const meaning = row?.meaning ?? 'unknown code';
  return new MailUpError({
    kind: row?.kind ?? 'permanent',
    protocol,
    operation: context.operation,
    message: `${context.operation ?? source}: ${source} returned ${code} (${meaning})`,
    vendorCode: code,
    httpStatus: context.httpStatus,
    request: context.request,
    details: { source, meaning, known: row !== undefined, ...extraDetails },
  });
}
