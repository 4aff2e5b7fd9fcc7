/** A log method: pino's `(obj, msg)` and console's `(msg, ...args)` both fit. */
export type LogFn = (objOrMessage: unknown, ...rest: unknown[]) => void;

/**
 * The logger mailup-kit writes to. `pino()` and `console` both satisfy it. Everything logged has passed
 * through redaction first.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};

/** The default logger: says nothing. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
