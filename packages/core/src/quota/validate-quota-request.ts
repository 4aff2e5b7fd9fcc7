import { MailUpError } from '../errors/mailup-error.js';
import type { QuotaReservationRequest } from './quota-window.js';

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'quota.reserve', message });
}

/**
 * Throws a `validation` {@link MailUpError} when a reservation request cannot be honoured by any store: empty key,
 * no windows, non-positive or non-integer limits / periods / costs, a fixed window that ends before it starts,
 * duplicate window ids.
 */
export function validateQuotaRequest(request: QuotaReservationRequest): void {
  if (typeof request.key !== 'string' || request.key.length === 0)
    throw invalid('quota key must be a non-empty string');
  if (typeof request.id !== 'string' || request.id.length === 0) throw invalid('reservation id must be non-empty');
  if (!Number.isSafeInteger(request.cost) || request.cost < 1) {
    throw invalid(`reservation cost must be a positive integer (got ${request.cost})`);
  }
  const windows = request.windows;
  for (let i = 0; i < windows.length; i++) {
    const window = windows[i] as (typeof windows)[number];
    // A row has a handful of windows: a scan of the earlier ones beats building a set on every reservation.
    for (let j = 0; j < i; j++) {
      if ((windows[j] as (typeof windows)[number]).id === window.id) {
        throw invalid(`duplicate window id ${window.id} for ${request.key}`);
      }
    }
    if (!Number.isSafeInteger(window.limit) || window.limit < 1) {
      throw invalid(`window ${window.id} of ${request.key}: limit must be a positive integer (got ${window.limit})`);
    }
    if (window.type === 'sliding' && !(Number.isFinite(window.periodMs) && window.periodMs > 0)) {
      throw invalid(`window ${window.id} of ${request.key}: periodMs must be > 0 (got ${window.periodMs})`);
    }
    if (window.type === 'fixed' && !(Number.isFinite(window.start) && window.end > window.start)) {
      throw invalid(`window ${window.id} of ${request.key}: end must be after start`);
    }
  }
}
