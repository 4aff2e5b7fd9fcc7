export { RedisQuotaStore, type RedisQuotaStoreOptions, type RestartGuardOptions } from './quota/index.js';
export {
  type RedisSwitchedOffEntry,
  type RedisSwitchedOffKind,
  RedisSwitchedOffStore,
  type RedisSwitchedOffStoreOptions,
} from './switched-off/index.js';
export { RedisTokenStore, type RedisTokenStoreOptions } from './token/index.js';
