import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * A program some suites need that is not an npm package (a browser, a server). A suite asks
 * {@link needsProgram} for it and skips, with one printed line that names the program and how to install it,
 * when the machine lacks it — so the README's test command passes on a machine with only Node.
 */
export interface ProgramSpec {
  /** The program's name as printed (`chromium`, `redis-server`). */
  readonly name: string;
  /**
   * The environment variable that names the executable (a path, or a name looked up on `PATH`), read before
   * `PATH` is searched; set to an empty string it says "this machine has none" (how the tests hide a program
   * that is installed).
   */
  readonly env: string;
  /** Names looked up on `PATH`, in order, when the variable is unset. */
  readonly commands: readonly string[];
  /** How to install it, printed when it is missing. */
  readonly install: string;
}

/** Debian's chromium, driven by playwright-core (which downloads no browser). */
export const CHROMIUM: ProgramSpec = {
  name: 'chromium',
  env: 'MAILUP_CHROMIUM',
  commands: ['chromium', 'chromium-browser'],
  install: 'apt-get install chromium (.ci/run does), or set MAILUP_CHROMIUM to a Chromium or Chrome executable',
};

/** A real redis-server for the Redis stores' suites (started per suite on a free port, no persistence). */
export const REDIS_SERVER: ProgramSpec = {
  name: 'redis-server',
  env: 'MAILUP_REDIS_SERVER',
  commands: ['redis-server'],
  install: 'apt-get install redis-server (.ci/run does), or set MAILUP_REDIS_SERVER to a redis-server executable',
};

/** openssl, which makes the throwaway certificates of the TLS and proxy suites (`./tls-cert`). */
export const OPENSSL: ProgramSpec = {
  name: 'openssl',
  env: 'MAILUP_OPENSSL',
  commands: ['openssl'],
  install: 'apt-get install openssl, or set MAILUP_OPENSSL to an openssl executable',
};

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The absolute path of `spec`'s executable on this machine, or `undefined` when it has none: the file named by
 * the `spec.env` variable when that is set (an empty value means none), else the first of `spec.commands` found
 * on `PATH`. Only looks at files (nothing is started).
 */
export function findProgram(spec: ProgramSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env[spec.env];
  if (named !== undefined) {
    if (named === '') return undefined;
    if (isAbsolute(named) || named.includes('/')) return executable(named) ? resolve(named) : undefined;
    return onPath(named, env);
  }
  for (const command of spec.commands) {
    const found = onPath(command, env);
    if (found) return found;
  }
  return undefined;
}

/** The one line a suite prints when it skips for lack of `spec`'s program. */
export function missingProgramLine(spec: ProgramSpec, suite: string, env: NodeJS.ProcessEnv = process.env): string {
  const named = env[spec.env];
  const where =
    named === undefined
      ? `no ${spec.commands.join(' or ')} on the PATH`
      : named === ''
        ? `${spec.env} is empty`
        : `${spec.env}=${named} is not an executable`;
  return `skipping ${suite}: needs ${spec.name} (${where}); install: ${spec.install}`;
}

/**
 * For a suite that needs `spec`'s program: its executable's path, or `undefined` after printing one line (on
 * stderr) that names the program and how to install it. Use as
 * `const chromium = needsProgram(CHROMIUM, 'the core suite in Chromium'); describe.skipIf(!chromium)(…)`.
 */
export function needsProgram(spec: ProgramSpec, suite: string): string | undefined {
  const found = findProgram(spec);
  if (!found) console.warn(missingProgramLine(spec, suite));
  return found;
}
