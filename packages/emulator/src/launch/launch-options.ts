import { readFileSync, statSync } from 'node:fs';
import { MailUpError } from '@mailup-kit/core';
import { isLoopbackHost } from '../http/control-guard.js';
import type { JournalOptions } from '../journal/request-journal.js';
import { BUILTIN_SEEDS, type EmulatorSeed, parseSeed } from '../store/account-seed.js';
import type { SeedAccountOptions } from '../store/emulator-store.js';

/** Environment variables the emulator's command lines read when the matching flag is not given. */
export const EMULATOR_ENV = Object.freeze({
  httpPort: 'MAILUP_EMULATOR_HTTP_PORT',
  smtpPort: 'MAILUP_EMULATOR_SMTP_PORT',
  host: 'MAILUP_EMULATOR_HOST',
  allowRemote: 'MAILUP_EMULATOR_ALLOW_REMOTE',
  outboxMaxMessages: 'MAILUP_EMULATOR_OUTBOX_MAX_MESSAGES',
  outboxMaxBytes: 'MAILUP_EMULATOR_OUTBOX_MAX_BYTES',
  /** `0`/`false`/`no` keeps no request journal. */
  journal: 'MAILUP_EMULATOR_JOURNAL',
  journalMaxEntries: 'MAILUP_EMULATOR_JOURNAL_MAX_ENTRIES',
  journalMaxBytes: 'MAILUP_EMULATOR_JOURNAL_MAX_BYTES',
  /** `1`/`text` (one line per request on stderr), `json` (one JSON object per line), `0` (none). */
  log: 'MAILUP_EMULATOR_LOG',
  /** `empty`, `sample` or the path of a JSON seed file (see `EmulatorSeed`). */
  seed: 'MAILUP_EMULATOR_SEED',
});

/** The seed the command lines use when neither `--seed` nor `MAILUP_EMULATOR_SEED` names one. */
export const LAUNCH_DEFAULT_SEED: keyof typeof BUILTIN_SEEDS = 'sample';

/** Largest seed file `--seed FILE` reads. */
export const MAX_SEED_FILE_BYTES = 16 * 1024 * 1024;

/** Format of the per-request log on stderr. */
export type RequestLogFormat = 'text' | 'json';

/** Flags as given on a command line (absent = not given); ports as text or already parsed. */
export interface LaunchFlags {
  httpPort?: string | number;
  smtpPort?: string | number;
  host?: string;
  allowRemote?: boolean;
  outboxMaxMessages?: string | number;
  outboxMaxBytes?: string | number;
  /** False for `--no-journal`. */
  journal?: boolean;
  journalMaxEntries?: string | number;
  journalMaxBytes?: string | number;
  /** `--log` (true or `text`) or `--log json`. */
  log?: boolean | string;
  /** `--seed empty|sample|FILE`. */
  seed?: string;
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
  /** The request journal's bounds, or `{ enabled: false }` (absent: the emulator's defaults). */
  journal?: JournalOptions;
  /** Per-request log on stderr (absent: none); the command lines pass it to `startEmulator` as `onRequest`. */
  log?: RequestLogFormat;
  /** The seeded account's data from `--seed` (default {@link LAUNCH_DEFAULT_SEED}). */
  account?: SeedAccountOptions;
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

function logFormat(value: boolean | string | undefined, source: string): RequestLogFormat | undefined {
  if (value === undefined || value === false || value === '') return undefined;
  if (value === true) return 'text';
  if (/^(1|true|yes|text)$/i.test(value)) return 'text';
  if (/^json$/i.test(value)) return 'json';
  if (/^(0|false|no)$/i.test(value)) return undefined;
  throw invalid(`${source} must be text (or 1), json or 0; got "${value}"`);
}

/** `empty` / `sample` / the path of a JSON file holding an `EmulatorSeed`. */
function seedOf(value: string | undefined, source: string): EmulatorSeed | undefined {
  if (value === undefined || value === '') return undefined;
  if (Object.hasOwn(BUILTIN_SEEDS, value)) return BUILTIN_SEEDS[value as keyof typeof BUILTIN_SEEDS];
  let text: string;
  try {
    const size = statSync(value).size;
    if (size > MAX_SEED_FILE_BYTES) throw invalid(`${source}: ${value} is ${size} bytes, over ${MAX_SEED_FILE_BYTES}`);
    text = readFileSync(value, 'utf8');
  } catch (error) {
    if (error instanceof MailUpError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalid(`${source} must be empty, sample or a readable JSON seed file; ${value}: ${code}`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    throw invalid(`${source}: ${value} is not a seed: ${(error as Error).message}`);
  }
}

/**
 * Resolves the listening options of the emulator's command lines: a flag wins, else its environment variable
 * ({@link EMULATOR_ENV}: `MAILUP_EMULATOR_HTTP_PORT`, `MAILUP_EMULATOR_SMTP_PORT`, `MAILUP_EMULATOR_HOST`,
 * `MAILUP_EMULATOR_ALLOW_REMOTE`, `MAILUP_EMULATOR_OUTBOX_MAX_MESSAGES`, `MAILUP_EMULATOR_OUTBOX_MAX_BYTES`,
 * `MAILUP_EMULATOR_JOURNAL`, `MAILUP_EMULATOR_JOURNAL_MAX_ENTRIES`, `MAILUP_EMULATOR_JOURNAL_MAX_BYTES`,
 * `MAILUP_EMULATOR_LOG`, `MAILUP_EMULATOR_SEED`), else
 * the default (ports 0 = a free one, host `127.0.0.1`, loopback only, the emulator's own outbox bounds).
 * Throws a `MailUpError` of kind `validation` naming the flag or variable for a port that is not 0–65535, an
 * allow-remote or journal value that is not a boolean word, a seed that is neither a built-in name nor a readable
 * JSON seed file, a log format that is not text/json/0, an outbox bound that is not a positive integer, or a host beyond loopback without allow-remote.
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
  const journalEntries = pick(flags.journalMaxEntries, 'journalMaxEntries', '--journal-max-entries');
  const journalBytes = pick(flags.journalMaxBytes, 'journalMaxBytes', '--journal-max-bytes');
  const maxEntries = count(journalEntries.value, journalEntries.source);
  const journalMaxBytes = count(journalBytes.value, journalBytes.source);
  const journalOff =
    flags.journal === false ||
    (flags.journal === undefined &&
      (env[EMULATOR_ENV.journal] ?? '') !== '' &&
      !flag(env[EMULATOR_ENV.journal], EMULATOR_ENV.journal));
  const journal: JournalOptions | undefined = journalOff
    ? { enabled: false }
    : maxEntries !== undefined || journalMaxBytes !== undefined
      ? {
          ...(maxEntries === undefined ? {} : { maxEntries }),
          ...(journalMaxBytes === undefined ? {} : { maxBytes: journalMaxBytes }),
        }
      : undefined;
  const log =
    flags.log !== undefined && flags.log !== false
      ? logFormat(flags.log, '--log')
      : logFormat(env[EMULATOR_ENV.log], EMULATOR_ENV.log);
  const seedPick = pick(flags.seed, 'seed', '--seed');
  // A person or a foreign client starting the emulator from a command line gets an account with content (the
  // official samples assume one: issue 19 §2); `--seed empty` gives the bare account `startEmulator()` gives tests.
  const seed =
    seedOf(seedPick.value === undefined ? undefined : String(seedPick.value), seedPick.source) ??
    BUILTIN_SEEDS[LAUNCH_DEFAULT_SEED];
  const options: LaunchOptions = {
    httpPort: port(http.value, http.source),
    smtpPort: port(smtp.value, smtp.source),
    host,
    allowRemote,
    ...(outboxMaxMessages === undefined ? {} : { outboxMaxMessages }),
    ...(outboxMaxBytes === undefined ? {} : { outboxMaxBytes }),
    ...(journal === undefined ? {} : { journal }),
    ...(log === undefined ? {} : { log }),
    ...(seed === undefined ? {} : { account: { seed } }),
  };
  if (!isLoopbackHost(host) && !allowRemote) {
    throw invalid(
      `host ${host} is not a loopback address; add --allow-remote (or ${EMULATOR_ENV.allowRemote}=1) to expose it`,
    );
  }
  return options;
}
