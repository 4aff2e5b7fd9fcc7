// `@mailup-kit/core/quota`: quota stores, quota windows and the quota log (platform-neutral).
export { MemoryQuotaStore, type MemoryQuotaStoreOptions } from './memory-quota-store.js';
export {
  clampQuotaPauseMs,
  emptyQuotaKeyState,
  isStateExpired,
  isStateIdle,
  MAX_QUOTA_PAUSE_MS,
  pauseInState,
  type QuotaEntry,
  type QuotaKeyState,
  refundInState,
  reserveInState,
  settleInState,
  usageOfState,
} from './quota-log.js';
export type { QuotaStore } from './quota-store.js';
export type {
  FixedQuotaWindow,
  QuotaReservationRequest,
  QuotaReservationResult,
  QuotaUsage,
  QuotaWindow,
  QuotaWindowUsage,
  SlidingQuotaWindow,
} from './quota-window.js';
export { validateQuotaRequest } from './validate-quota-request.js';
