/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion.
 * @returns `{low, high}` in [0, 1], exactly 0 at no successes and exactly 1 when every trial
 * succeeded; `null` when there are no trials.
 * @example wilson(0, 10) // { low: 0, high: 0.2775... }
 */
export function wilson(successes: number, trials: number, z = Z95): { low: number; high: number } | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  // at the edges centre and margin are equal in exact arithmetic; floating point leaves 1e-17 or 1 - 1e-16
  const low = successes <= 0 ? 0 : Math.max(0, centre - margin);
  const high = successes >= trials ? 1 : Math.min(1, centre + margin);
  return { low, high };
}
