export { RedisQuotaStore, type RedisQuotaStoreOptions } from './redis-quota-store.js';
