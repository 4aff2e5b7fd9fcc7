export {
  API_USE_POLICY,
  findPolicyRow,
  MAX_SENDING_BACKLOG,
  type PolicyLimit,
  type PolicyRow,
} from '@mailup-kit/core/catalogue';
export { MemoryQuotaStore, type QuotaStore, type QuotaUsage, type QuotaWindow } from '@mailup-kit/core/quota';
export { CalendarDays, type DayBounds } from './calendar-day.js';
export { FileQuotaStore, type FileQuotaStoreOptions } from './file-quota-store.js';
export {
  type AcquireOptions,
  type LimitedCall,
  Limiter,
  type LimiterOptions,
  type LimiterStats,
  type QuotaReport,
  type QuotaStoreFailure,
  type QuotaTicket,
  type QuotaWait,
} from './limiter.js';
export { type DailyWindowMode, PolicyTable, type PolicyTableOptions, type ResolvedPolicy } from './policy-table.js';
export { parseQuotaKey, type QuotaKeyParts } from './quota-key.js';
export { QUOTA_PLUGIN, type QuotaMiddlewareOptions, quotaMiddleware, quotaPlugin } from './quota-middleware.js';
