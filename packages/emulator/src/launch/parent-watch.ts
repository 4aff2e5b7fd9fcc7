import { readFileSync } from 'node:fs';

/** How often {@link watchParent} looks at the parent process by default, ms. */
export const PARENT_WATCH_INTERVAL_MS = 500;

/** Names of shells that launchers put between themselves and the command (`npm exec` runs `sh -c <bin>`). */
const WRAPPER_SHELLS = new Set(['sh', 'dash', 'bash', 'ash', 'zsh', 'ksh']);

/** How {@link watchParent} reads the process tree (default: Linux `/proc`; elsewhere only the direct parent). */
export interface ProcessTree {
  /** Parent pid of `pid`, or undefined when it is gone or cannot be read. */
  parentOf(pid: number): number | undefined;
  /** Executable name of `pid` (`sh`, `node` …), or undefined when unknown. */
  nameOf(pid: number): string | undefined;
}

const procTree: ProcessTree = {
  parentOf(pid) {
    if (pid === process.pid) return process.ppid;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return Number.isInteger(ppid) ? ppid : undefined;
    } catch {
      return undefined;
    }
  },
  nameOf(pid) {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
    } catch {
      return undefined;
    }
  },
};

/**
 * Calls `onGone` once when the process that started this one has ended, so a launcher killed without forwarding
 * its signal (`kill -9` of `npx`, a test runner that crashed) takes the emulator with it instead of leaving it
 * running under PID 1. "Ended" means the parent pid changed (the process was re-parented to init or a subreaper);
 * when the parent is a shell wrapper (`npm exec` runs the bin as `sh -c mailup-emulator`, and that shell survives
 * npm), the shell's own parent is watched the same way, up the chain of shells. A process started directly by init
 * (parent 0 or 1, e.g. PID 1 of a container) is never considered orphaned. The timer does not keep the process
 * alive. Returns a function that stops watching.
 */
export function watchParent(
  onGone: () => void,
  options: { intervalMs?: number; tree?: ProcessTree; pid?: number } = {},
): () => void {
  const tree = options.tree ?? procTree;
  // Each link: a pid and the parent it had at start.
  const links: Array<{ pid: number; parent: number }> = [];
  let pid = options.pid ?? process.pid;
  for (let depth = 0; depth < 8; depth++) {
    const parent = tree.parentOf(pid);
    if (parent === undefined || parent <= 1) break;
    links.push({ pid, parent });
    if (!WRAPPER_SHELLS.has(tree.nameOf(parent) ?? '')) break;
    pid = parent;
  }
  if (links.length === 0) return () => {};
  const timer = setInterval(() => {
    if (links.every((link) => tree.parentOf(link.pid) === link.parent)) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? PARENT_WATCH_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
