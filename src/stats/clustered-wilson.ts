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

/**
 * Running sums over per-case counts, from which the interval is computed in O(1): what early
 * stopping keeps as cases finish (`addCase`), instead of the list of cases.
 */
export interface CaseSums {
  /** Cases with at least one sample. */
  cases: number;
  passed: number;
  samples: number;
  /** Σ passed², Σ passed × samples, Σ samples² over the cases. */
  passedSq: number;
  cross: number;
  samplesSq: number;
}

/** Sums of no cases. */
export function emptyCaseSums(): CaseSums {
  return { cases: 0, passed: 0, samples: 0, passedSq: 0, cross: 0, samplesSq: 0 };
}

/** Adds one case's count to the sums (a case with no samples adds nothing). */
export function addCase(sums: CaseSums, [k, n]: CaseCount): CaseSums {
  if (n <= 0) return sums;
  sums.cases++;
  sums.passed += k;
  sums.samples += n;
  sums.passedSq += k * k;
  sums.cross += k * n;
  sums.samplesSq += n * n;
  return sums;
}

/** The sums of per-case counts. */
export function caseSumsOf(cases: readonly CaseCount[]): CaseSums {
  const sums = emptyCaseSums();
  for (const c of cases) addCase(sums, c);
  return sums;
}

/** The effective number of independent trials in per-case counts (see the module comment). */
export function effectiveTrials(cases: readonly CaseCount[]): number {
  return effectiveTrialsOfSums(caseSumsOf(cases));
}

/** `effectiveTrials` from the running sums. */
export function effectiveTrialsOfSums(s: CaseSums): number {
  const { passed, samples, cases: ran } = s;
  if (samples === 0) return 0;
  if (ran === samples) return samples;
  const p = passed / samples;
  // Σ (k − n p)², expanded; rounding can leave a speck where the exact value is 0
  const spread = s.passedSq - 2 * p * s.cross + p * p * s.samplesSq;
  const v = spread <= 1e-12 * (s.passedSq + p * p * s.samplesSq) ? 0 : spread / (samples * samples);
  if (v === 0) return p === 0 || p === 1 ? ran : samples;
  return Math.min(samples, Math.max(ran, (p * (1 - p)) / v));
}

/**
 * Wilson's interval at the effective number of trials.
 * @returns null when nothing ran
 * @example clusteredWilson([[3, 3], [0, 3]]) // the interval of 1 pass in 2 trials
 */
export function clusteredWilson(cases: readonly CaseCount[], z = Z95): ClusteredInterval | null {
  return clusteredWilsonOfSums(caseSumsOf(cases), z);
}

/** `clusteredWilson` from the running sums. */
export function clusteredWilsonOfSums(s: CaseSums, z = Z95): ClusteredInterval | null {
  const n = effectiveTrialsOfSums(s);
  if (s.samples === 0 || n === 0) return null;
  // wilson keeps its edges exact: no passes gives 0, every pass gives 1
  const interval = wilson((s.passed / s.samples) * n, n, z);
  return interval && { ...interval, effectiveTrials: n };
}
