import type { CliIO } from '../../src/cli-io.js';

/** A CliIO that records output in memory; `stop()` aborts its shutdown signal like SIGTERM would. */
export interface MemoryIO extends CliIO {
  out: () => string;
  err: () => string;
  /** Resolves with the first complete stdout line. */
  firstLine: () => Promise<string>;
  stop: () => void;
}

export function memoryIO(env: Record<string, string | undefined> = {}): MemoryIO {
  let out = '';
  let err = '';
  const controller = new AbortController();
  const waiters: Array<(line: string) => void> = [];
  const flush = () => {
    const newline = out.indexOf('\n');
    if (newline >= 0) for (const w of waiters.splice(0)) w(out.slice(0, newline));
  };
  return {
    stdout: (text) => {
      out += text;
      flush();
    },
    stderr: (text) => {
      err += text;
    },
    env,
    shutdown: controller.signal,
    out: () => out,
    err: () => err,
    firstLine: () =>
      new Promise((resolve) => {
        waiters.push(resolve);
        flush();
      }),
    stop: () => controller.abort(new Error('test stop')),
  };
}

/** argv as the binary sees it. */
export const argv = (...args: string[]): string[] => ['node', 'mailup', ...args];
