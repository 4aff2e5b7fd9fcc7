export { RedisQuotaStore, type RedisQuotaStoreOptions, type RestartGuardOptions } from './quota/index.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './token/index.js';
