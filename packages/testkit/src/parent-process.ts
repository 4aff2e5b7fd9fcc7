import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

// A plain Node parent that starts the command and says its pid first. It forwards no signal and waits forever,
// like a launcher (npx, a shell script, a test runner) that is killed without cleaning up.
const PARENT = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
process.stdout.write('PID ' + child.pid + '\\n');
setInterval(() => {}, 60000);
`;

/** A command started by a real parent process that a test can kill. */
export interface UnderParent {
  /** The parent (`node -e …`); kill it to orphan the command. */
  parent: ChildProcess;
  /** Pid of the command itself. */
  pid: number;
  /** The command's first stdout line that is not the parent's `PID` line. */
  firstLine: string;
  /** Everything the command wrote on stderr so far. */
  stderr: () => string;
}

/**
 * Starts `command args…` as the child of a separate Node parent process (stdout and stderr shared with the
 * parent), and resolves once the command's pid and its first stdout line are known.
 */
export async function startUnderParent(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<UnderParent> {
  const parent = spawn(process.execPath, ['-e', PARENT, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  parent.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const lines = createInterface({ input: parent.stdout! });
  let pid: number | undefined;
  let firstLine: string | undefined;
  await new Promise<void>((resolve, reject) => {
    parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before the command spoke: ${err}`)));
    lines.on('line', (line) => {
      const match = /^PID (\d+)$/.exec(line);
      if (match) pid = Number(match[1]);
      else firstLine ??= line;
      if (pid !== undefined && firstLine !== undefined) resolve();
    });
  });
  return { parent, pid: pid as number, firstLine: firstLine as string, stderr: () => err };
}

/** True while `pid` is a live process (a zombie waiting to be reaped counts as ended). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Pids whose parent is `pid` (Linux `/proc`; empty elsewhere). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
