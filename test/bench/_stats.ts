/** The median of `values` (the upper one of an even count; NaN when empty): every benchmark's figure of rounds. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Rounded to three decimals, as the result files show figures. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
