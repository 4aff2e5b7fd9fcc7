export { type Clock, ManualClock, systemClock } from './clock.js';
export { ERROR_KINDS, type ErrorKind, PROTOCOLS, type Protocol, RETRYABLE_KINDS } from './errors/error-kind.js';
export { MailUpError, type MailUpErrorOptions, type RequestSummary } from './errors/mailup-error.js';
export { FileLock, type FileLockOptions } from './fs/file-lock.js';
export { isProcessAlive } from './fs/process-alive.js';
export { type WriteFileAtomicOptions, writeFileAtomic } from './fs/write-file-atomic.js';
export { type LogFn, type Logger, silentLogger } from './logger.js';
