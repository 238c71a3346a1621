/**
 * The gate's plain data: its thresholds, one verdict per candidate and check, and the result.
 * Like a betterer constraint, a check is a pure `(current, baseline) -> verdict`.
 */
import type { PairedTestMethod } from '../stats/paired-test.ts';

/**
 * `bar`: accuracy against the quality bar; `accuracy`: a paired drop; `cost`: cost per success;
 * `tokens`: mean tokens per sample (token inflation, which a price cut can hide from `cost`).
 */
export type GateCheck = 'bar' | 'accuracy' | 'cost' | 'tokens';

/** `inconclusive`: the candidate is incomplete or the run partial, so the check cannot say. */
export type VerdictStatus = 'pass' | 'fail' | 'skip' | 'inconclusive';

export interface GateSpec {
  /** The accuracy a candidate must reach; null skips the bar check. */
  qualityBar: number | null;
  /**
   * The largest accuracy drop tolerated, in absolute terms (0.02 = 2 points). A larger drop fails
   * only when it is also significant.
   * @default 0.02
   */
  maxAccuracyDrop: number;
  /**
   * The largest relative rise in cost per success tolerated (0.10 = +10%).
   * @default 0.10
   */
  maxCostIncrease: number;
  /**
   * The largest relative rise in mean tokens per sample tolerated (0.20 = +20%). Absent in a
   * gate.json written before the token check.
   * @default 0.20
   */
  maxTokenIncrease?: number;
}

/** One candidate, one check. */
export interface Verdict {
  candidate: string;
  check: GateCheck;
  status: VerdictStatus;
  /**
   * What the current value is measured against: the bar for `bar`, the baseline's paired accuracy
   * for `accuracy`, the baseline's cost per success (USD) for `cost`.
   */
  baseline: number | null;
  /**
   * The 95% lower bound of accuracy for `bar` (the pick's rule), accuracy over the paired cases
   * for `accuracy`; USD for `cost`.
   */
  current: number | null;
  /** `current - baseline` for `bar` and `accuracy`; the relative change for `cost` and `tokens` (0.2 = +20%). */
  delta: number | null;
  /** The paired test's two-sided p-value (`accuracy` only). */
  p: number | null;
  /** The limit applied: the bar, maxAccuracyDrop or maxCostIncrease. */
  threshold: number | null;
  /** The paired test used (`accuracy` only). */
  method: PairedTestMethod | null;
  /** One sentence for people, with the numbers. */
  message: string;
}

/** Where the baseline came from, for the notes and reports. */
export interface BaselineInfo {
  runId: string;
  suiteHash: string;
  pricesAsOf: string;
}

export interface GateResult {
  suite: string;
  runId: string;
  /** null when there was no baseline (the bar check still runs). */
  baseline: BaselineInfo | null;
  spec: GateSpec;
  verdicts: Verdict[];
  /** Things worth knowing that are not failures: a suite hash change, a new price table, ... */
  notes: string[];
  /** `inconclusive` is absent in results written before it existed. */
  counts: { pass: number; fail: number; skip: number; inconclusive?: number };
  /** True when no verdict failed and none was inconclusive. */
  passed: boolean;
}
