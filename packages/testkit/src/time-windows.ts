/**
 * The largest number of `times` (epoch ms) that fall in any one half-open window `[t, t + windowMs)`: how close a
 * sequence of sends came to a rate, as the side that counts them sees it.
 */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
