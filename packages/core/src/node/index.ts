/**
 * `@mailup-kit/core/node`: the Node-only parts of core (the HTTP transport on undici with proxy support and
 * network-error mapping, the cross-process file lock, atomic writes and the file token store). The root entry
 * `@mailup-kit/core` runs unchanged in a browser; import this subpath only from Node code.
 */
export {
  FileTokenStore,
  type FileTokenStoreOptions,
} from './file-token-store.js';
export { FileLock, type FileLockOptions } from './fs/file-lock.js';
export { isProcessAlive } from './fs/process-alive.js';
export {
  type RemoveStaleTempFilesOptions,
  removeStaleTempFiles,
  type WriteFileAtomicOptions,
  writeFileAtomic,
} from './fs/write-file-atomic.js';
export type { HttpTlsOptions, HttpTransportOptions } from './http-common.js';
export { HttpTransport } from './http-transport.js';
export { type HttpTransportExtras, httpTransportFactory, httpTransportOptions } from './http-transport-factory.js';
export { type NetworkErrorFacts, networkError } from './network-error.js';
export { bypassesProxy, type ProxyConfig, parseProxyUrl } from './proxy.js';
export { type ResolvedAddress, refusedUrlReason, resolveLoopbackName } from './url-policy.js';
