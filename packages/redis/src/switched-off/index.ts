export {
  type RedisSwitchedOffEntry,
  type RedisSwitchedOffKind,
  RedisSwitchedOffStore,
  type RedisSwitchedOffStoreOptions,
} from './redis-switched-off-store.js';
