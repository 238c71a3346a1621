/**
 * A Wilson interval whose unit is the case, not the sample, for runs with repeats.
 *
 * Repeats of one case are not independent draws: a hard case tends to fail every repeat. Counting
 * samples then overstates the evidence (five identical repeats of 200 cases are still 200 cases).
 * This interval uses the effective number of trials from the spread of the case means (a
 * cluster-robust variance, the design effect):
 *
 *   p = passed / samples;  v = Σ samples_i² (mean_i − p)² / samples²  (the variance of p);
 *   n_eff = p (1 − p) / v, kept between the number of cases and the number of samples.
 *
 * - Identical repeats: every case mean is 0 or 1, so n_eff is the number of cases.
 * - Independent repeats: n_eff is close to the number of samples.
 * - One sample per case: n_eff is the number of samples, and this is exactly `wilson`.
 * When every case has the same mean (so v is 0), the cases say nothing about how repeats
 * correlate: with p at 0 or 1 the conservative count (cases) is used, otherwise the samples.
 */
import { wilson, Z95 } from './wilson.ts';

/** Passes out of samples for one case, e.g. `[2, 3]`. */
export type CaseCount = readonly [passed: number, samples: number];

export interface ClusteredInterval {
  low: number;
  high: number;
  /** The effective number of independent trials the interval was computed on. */
  effectiveTrials: number;
}

/** The effective number of independent trials in per-case counts (see the module comment). */
export function effectiveTrials(cases: readonly CaseCount[]): number {
  const { passed, samples } = totalsOf(cases);
  const ran = cases.filter(([, n]) => n > 0).length;
  if (samples === 0) return 0;
  if (ran === samples) return samples;
  const p = passed / samples;
  let v = 0;
  for (const [k, n] of cases) if (n > 0) v += (k - n * p) ** 2;
  v /= samples * samples;
  if (v === 0) return p === 0 || p === 1 ? ran : samples;
  return Math.min(samples, Math.max(ran, (p * (1 - p)) / v));
}

/**
 * Wilson's interval at the effective number of trials.
 * @returns null when nothing ran
 * @example clusteredWilson([[3, 3], [0, 3]]) // the interval of 1 pass in 2 trials
 */
export function clusteredWilson(cases: readonly CaseCount[], z = Z95): ClusteredInterval | null {
  const { passed, samples } = totalsOf(cases);
  const n = effectiveTrials(cases);
  if (samples === 0 || n === 0) return null;
  // wilson keeps its edges exact: no passes gives 0, every pass gives 1
  const interval = wilson((passed / samples) * n, n, z);
  return interval && { ...interval, effectiveTrials: n };
}

function totalsOf(cases: readonly CaseCount[]): { passed: number; samples: number } {
  let passed = 0;
  let samples = 0;
  for (const [k, n] of cases) {
    passed += k;
    samples += n;
  }
  return { passed, samples };
}
