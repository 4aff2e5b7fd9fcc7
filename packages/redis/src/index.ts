export { RedisQuotaStore, type RedisQuotaStoreOptions } from './quota/index.js';
