/** What {@link workGrowth} measured: per-call time at each size and the ratio between the last two sizes. */
export interface WorkGrowth {
  /** Sizes measured (characters), in order; fewer than asked when the growth was already too steep. */
  sizes: number[];
  /** Mean time of one call at each size, ms. */
  perCallMs: number[];
  /** perCallMs of the last size ÷ that of the one before it (10× the input: ~10 linear, ~100 quadratic). */
  ratio: number;
}

/**
 * How the time of `run(input)` grows with the input, measured in the same run and never against a wall-clock
 * bound: the mean time of one call at each of `sizes` (default 10 kB, 100 kB, 1 MB), each size repeated until a
 * batch took at least `minBatchMs`, best of three batches. Stops stepping up once a ratio exceeds `stopAbove`
 * (default 30), so quadratic code fails in seconds instead of running for minutes at 1 MB.
 *
 * @param make - builds the hostile input of (about) `size` characters; built once per size, outside the timing.
 */
export function workGrowth<T>(
  make: (size: number) => T,
  run: (input: T) => unknown,
  options: { sizes?: readonly number[]; minBatchMs?: number; stopAbove?: number } = {},
): WorkGrowth {
  const sizes = options.sizes ?? [10_000, 100_000, 1_000_000];
  const minBatchMs = options.minBatchMs ?? 20;
  const stopAbove = options.stopAbove ?? 30;
  const measured: number[] = [];
  const perCallMs: number[] = [];
  let ratio = 0;
  for (const size of sizes) {
    const input = make(size);
    run(input); // warm up (JIT, lazily compiled regexps)
    let best = Number.POSITIVE_INFINITY;
    for (let batch = 0; batch < 3; batch++) {
      let calls = 0;
      const start = performance.now();
      let elapsed = 0;
      do {
        run(input);
        calls++;
        elapsed = performance.now() - start;
      } while (elapsed < minBatchMs);
      best = Math.min(best, elapsed / calls);
    }
    measured.push(size);
    perCallMs.push(best);
    if (perCallMs.length >= 2) {
      ratio = best / (perCallMs[perCallMs.length - 2] as number);
      if (ratio > stopAbove) break;
    }
  }
  return { sizes: measured, perCallMs, ratio };
}
