import { MemoryQuotaStore } from '@mailup-kit/core/quota';
import { describeLimiterConformance } from '@mailup-kit/testkit/limiter-suite';

// The file store runs the same suite in file-quota-store.test.ts, Redis in packages/redis/test.
describeLimiterConformance('memory', { open: async (clock) => new MemoryQuotaStore({ clock }) });
