import type { LogFn, Logger } from '../logger.js';
import { redactValue } from './redact.js';
import { defaultSecretNames, type SecretNames } from './secret-names.js';

/**
 * Wraps `logger` so that every argument of every log call is redacted first (deep objects, URLs, form bodies,
 * JSON and XML strings, header maps, errors). Wrapping twice is harmless.
 *
 * @example
 * ```ts
 * const logger = redactingLogger(console);
 * logger.info({ url: 'https://x/?access_token=abc' }); // { url: 'https://x/?access_token=[REDACTED]' }
 * ```
 */
export function redactingLogger(logger: Logger, names: SecretNames = defaultSecretNames): Logger {
  if ((logger as { [REDACTING]?: boolean })[REDACTING]) return logger;
  const wrap =
    (fn: LogFn): LogFn =>
    (first, ...rest) =>
      fn.call(logger, redactValue(first, names), ...rest.map((item) => redactValue(item, names)));
  return {
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
    [REDACTING]: true,
  } as Logger;
}

const REDACTING = Symbol.for('mailup-kit.redacting-logger');
