export { RedisQuotaStore, type RedisQuotaStoreOptions, type RestartGuardOptions } from './redis-quota-store.js';
