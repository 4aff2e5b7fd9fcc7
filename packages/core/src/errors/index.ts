// `@mailup-kit/core/errors`: error helpers beyond MailUpError itself (platform-neutral). MailUpError, the kinds and
// `provablyNotSent` are in the root entry.

export { isRetryable } from '../retry/retryable.js';
export { type AbortedErrorOptions, abortedError } from './aborted-error.js';
export { RETRYABLE_KINDS } from './error-kind.js';
export { maxSent, reduceCause } from './mailup-error.js';
export { NOTHING_SENT_CODES, networkCodeOf } from './nothing-sent.js';
