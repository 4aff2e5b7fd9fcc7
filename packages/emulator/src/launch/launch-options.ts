import { MailUpError } from '@mailup-kit/core';
import { isLoopbackHost } from '../http/control-guard.js';

/** Environment variables the emulator's command lines read when the matching flag is not given. */
export const EMULATOR_ENV = Object.freeze({
  httpPort: 'MAILUP_EMULATOR_HTTP_PORT',
  smtpPort: 'MAILUP_EMULATOR_SMTP_PORT',
  host: 'MAILUP_EMULATOR_HOST',
  allowRemote: 'MAILUP_EMULATOR_ALLOW_REMOTE',
  outboxMaxMessages: 'MAILUP_EMULATOR_OUTBOX_MAX_MESSAGES',
  outboxMaxBytes: 'MAILUP_EMULATOR_OUTBOX_MAX_BYTES',
});

/** Flags as given on a command line (absent = not given); ports as text or already parsed. */
export interface LaunchFlags {
  httpPort?: string | number;
  smtpPort?: string | number;
  host?: string;
  allowRemote?: boolean;
  outboxMaxMessages?: string | number;
  outboxMaxBytes?: string | number;
}

/** Where and how to listen, after flags and environment: what `startEmulator` gets. */
export interface LaunchOptions {
  httpPort: number;
  smtpPort: number;
  host: string;
  allowRemote: boolean;
  /** Most transactional messages the inbox keeps (absent: the emulator's default). */
  outboxMaxMessages?: number;
  /** Most bytes of transactional messages the inbox keeps (absent: the emulator's default). */
  outboxMaxBytes?: number;
}

function invalid(message: string): MailUpError {
  return new MailUpError({ kind: 'validation', protocol: 'client', operation: 'emulator.launch', message });
}

function port(value: string | number | undefined, source: string): number {
  if (value === undefined) return 0;
  const text = String(value).trim();
  const parsed = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(parsed <= 65535)) {
    throw invalid(`${source} must be a port, an integer from 0 (a free one) to 65535; got "${String(value)}"`);
  }
  return parsed;
}

function count(value: string | number | undefined, source: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const parsed = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(parsed >= 1)) throw invalid(`${source} must be a positive integer; got "${String(value)}"`);
  return parsed;
}

function flag(value: string | undefined, source: string): boolean {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw invalid(`${source} must be 1/true/yes or 0/false/no; got "${value}"`);
}

/**
 * Resolves the listening options of the emulator's command lines: a flag wins, else its environment variable
 * ({@link EMULATOR_ENV}: `MAILUP_EMULATOR_HTTP_PORT`, `MAILUP_EMULATOR_SMTP_PORT`, `MAILUP_EMULATOR_HOST`,
 * `MAILUP_EMULATOR_ALLOW_REMOTE`, `MAILUP_EMULATOR_OUTBOX_MAX_MESSAGES`, `MAILUP_EMULATOR_OUTBOX_MAX_BYTES`), else
 * the default (ports 0 = a free one, host `127.0.0.1`, loopback only, the emulator's own outbox bounds).
 * Throws a `MailUpError` of kind `validation` naming the flag or variable for a port that is not 0–65535, an
 * allow-remote value that is not a boolean word, an outbox bound that is not a positive integer, or a host beyond loopback without allow-remote.
 */
export function resolveLaunchOptions(
  flags: LaunchFlags,
  env: Readonly<Record<string, string | undefined>>,
): LaunchOptions {
  const pick = (given: string | number | undefined, name: keyof typeof EMULATOR_ENV, flagName: string) =>
    given !== undefined
      ? { value: given, source: flagName }
      : { value: env[EMULATOR_ENV[name]] || undefined, source: EMULATOR_ENV[name] };
  const http = pick(flags.httpPort, 'httpPort', '--http-port');
  const smtp = pick(flags.smtpPort, 'smtpPort', '--smtp-port');
  const host = flags.host ?? (env[EMULATOR_ENV.host] || '127.0.0.1');
  const allowRemote = flags.allowRemote === true || flag(env[EMULATOR_ENV.allowRemote], EMULATOR_ENV.allowRemote);
  const maxMessages = pick(flags.outboxMaxMessages, 'outboxMaxMessages', '--outbox-max-messages');
  const maxBytes = pick(flags.outboxMaxBytes, 'outboxMaxBytes', '--outbox-max-bytes');
  const outboxMaxMessages = count(maxMessages.value, maxMessages.source);
  const outboxMaxBytes = count(maxBytes.value, maxBytes.source);
  const options: LaunchOptions = {
    httpPort: port(http.value, http.source),
    smtpPort: port(smtp.value, smtp.source),
    host,
    allowRemote,
    ...(outboxMaxMessages === undefined ? {} : { outboxMaxMessages }),
    ...(outboxMaxBytes === undefined ? {} : { outboxMaxBytes }),
  };
  if (!isLoopbackHost(host) && !allowRemote) {
    throw invalid(
      `host ${host} is not a loopback address; add --allow-remote (or ${EMULATOR_ENV.allowRemote}=1) to expose it`,
    );
  }
  return options;
}
