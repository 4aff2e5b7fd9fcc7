export { RedisQuotaStore, type RedisQuotaStoreOptions } from './quota/index.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './token/index.js';
