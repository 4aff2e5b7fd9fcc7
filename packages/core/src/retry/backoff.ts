/**
 * Full-jitter exponential backoff (AWS architecture blog): a uniform random wait in
 * [0, min(capMs, baseMs · 2^(retry-1))] before retry number `retry` (1-based).
 *
 * @param random a source in [0, 1); inject a seeded one in tests.
 */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before retrying after a server hint, or `undefined` when the hint is longer than `maxMs` (retrying
 * earlier would only be refused again, so the caller gets the error and its hint instead).
 */
export function boundedWaitHint(hintMs: number, minMs: number, maxMs: number): number | undefined {
  if (!Number.isFinite(hintMs) || hintMs > maxMs) return undefined;
  return Math.max(minMs, Math.ceil(hintMs));
}

/** A small seeded PRNG (mulberry32) for reproducible jitter in tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
