/** How often {@link watchParent} looks at the parent process by default, ms. */
export const PARENT_WATCH_INTERVAL_MS = 500;

/**
 * Calls `onGone` once when the process that started this one has ended (its parent id changes: the process was
 * re-parented to init or a subreaper). A launcher killed without forwarding the signal (`kill -9` of `npx`, a
 * test runner that crashed) thus takes the emulator with it instead of leaving it orphaned. The timer does not
 * keep the process alive. A process started directly by init (parent id 0 or 1, e.g. PID 1 of a container) is
 * never considered orphaned. Returns a function that stops watching.
 */
export function watchParent(
  onGone: () => void,
  options: { intervalMs?: number; parentPid?: () => number } = {},
): () => void {
  const parentPid = options.parentPid ?? (() => process.ppid);
  const first = parentPid();
  if (first <= 1) return () => {};
  const timer = setInterval(() => {
    if (parentPid() === first) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? PARENT_WATCH_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
