/** The server's own counter: accepted calls per key as timestamps, oldest first. */
export class SlidingLog {
  private readonly logs = new Map<string, number[]>();

  /**
   * Records a call at `now` if fewer than `limit` were accepted in the last `periodMs`; otherwise tells when
   * the oldest counted call leaves the window.
   */
  hit(
    key: string,
    limit: number,
    periodMs: number,
    now: number,
  ): { allowed: boolean; count: number; expiresInMs: number } {
    const log = (this.logs.get(key) ?? []).filter((at) => at > now - periodMs);
    this.logs.set(key, log);
    if (log.length < limit) {
      log.push(now);
      return { allowed: true, count: log.length, expiresInMs: 0 };
    }
    const oldest = log[log.length - limit] as number;
    return { allowed: false, count: log.length + 1, expiresInMs: Math.max(1, oldest + periodMs - now) };
  }

  /** Checks without recording (for rows with several windows: all are checked before any is recorded). */
  peek(
    key: string,
    limit: number,
    periodMs: number,
    now: number,
  ): { allowed: boolean; count: number; expiresInMs: number } {
    const log = (this.logs.get(key) ?? []).filter((at) => at > now - periodMs);
    if (log.length < limit) return { allowed: true, count: log.length + 1, expiresInMs: 0 };
    const oldest = log[log.length - limit] as number;
    return { allowed: false, count: log.length + 1, expiresInMs: Math.max(1, oldest + periodMs - now) };
  }

  clear(): void {
    this.logs.clear();
  }
}
