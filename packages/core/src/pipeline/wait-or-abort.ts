/**
 * `promise`, or — as soon as `signal` aborts (or at once when it already has) — a rejection with
 * `onAbort(signal.reason)` (default: the bare reason). Only the waiter stops waiting: `promise` itself keeps
 * running (a shared renewal, a queue slot) and its outcome is simply no longer awaited here. The abort listener is
 * removed once `promise` settles, so a long-lived signal does not collect listeners.
 *
 * @example
 * ```ts
 * await waitOrAbort(queueTurn, signal, () => abortedError({ protocol: 'rest', sent: 'no' }));
 * ```
 */
export function waitOrAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => unknown = (reason) => reason,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(onAbort(signal.reason));
    signal.addEventListener('abort', aborted, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', aborted);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', aborted);
        reject(error);
      },
    );
  });
}
