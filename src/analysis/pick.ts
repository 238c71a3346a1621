import { pickSentence } from '../format/pick-sentence.ts';
import type { CandidateSummary, Recommendation } from '../log/summary-file.ts';

type Cand = Pick<
  CandidateSummary,
  'id' | 'accuracy' | 'accuracyLow' | 'accuracyHigh' | 'costPerSuccessUsd' | 'incomplete'
>;

/**
 * How the pick was decided, as data: `clears` (a lower bound clears the bar), `none-clears`,
 * `no-bar` (the most accurate), `none-ran`, `none-passed` (no bar and no pass).
 */
export type PickRule = 'clears' | 'none-clears' | 'no-bar' | 'none-ran' | 'none-passed' | 'none-complete';

/** The pick and the candidates' figures that decided it; `pickSentence` words it for people. */
export interface PickChoice {
  rule: PickRule;
  bar: number | null;
  /** The recommended candidate, or null. */
  pick: Cand | null;
  /** The cheapest candidate whose point estimate clears the bar, when it differs from the pick. */
  pointEstimate: Cand | null;
  /** When nothing clears the bar: the most accurate candidate. */
  closest: Cand | null;
}

/**
 * Chooses the recommended candidate (the README's tour explains the rule).
 *
 * - With a bar: the pick is the candidate with the lowest cost per success whose 95% lower bound
 *   (`accuracyLow`) is at least the bar; ties go to the higher accuracy, then the id. A candidate
 *   with an unknown cost (unpriced) ranks after every priced one. `pointEstimate` is the
 *   cheapest candidate whose point estimate clears the bar when that is a different candidate.
 *   When nothing clears, `pick` is null and `closest` is the most accurate candidate
 *   (ties: cheaper).
 * - Without a bar: the most accurate candidate (ties: cheaper, then id).
 * - An incomplete candidate (coverage below the run's `minCoverage`) is never picked, nor named
 *   closest; when every candidate that ran is incomplete the rule is `none-complete`.
 *
 * @example choosePick(summary.candidates, summary.qualityBar).pick?.id // 'sim-mid/terse'
 */
export function choosePick(cands: Cand[], bar: number | null): PickChoice {
  const anyRan = cands.some((c) => c.accuracy !== null);
  const ran = cands.filter((c) => c.accuracy !== null && !c.incomplete);
  const none = { bar, pick: null, pointEstimate: null, closest: null };
  if (ran.length === 0) return { rule: anyRan ? 'none-complete' : 'none-ran', ...none };
  if (bar === null) {
    const best = [...ran].sort(byAccuracyThenCost)[0]!;
    return best.accuracy === 0 ? { rule: 'none-passed', ...none } : { rule: 'no-bar', ...none, pick: best };
  }
  const pick = cheapest(ran.filter((c) => (c.accuracyLow ?? -1) >= bar));
  const byPoint = cheapest(ran.filter((c) => (c.accuracy ?? -1) >= bar));
  const pointEstimate = byPoint && byPoint.id !== pick?.id ? byPoint : null;
  if (pick) return { rule: 'clears', bar, pick, pointEstimate, closest: null };
  return {
    rule: 'none-clears',
    bar,
    pick: null,
    pointEstimate,
    closest: [...ran].sort(byAccuracyThenCost)[0]!,
  };
}

/**
 * The recommendation a summary stores: the choice's ids and its sentence.
 *
 * @example pickRecommendation(summary.candidates, summary.qualityBar).candidate // 'sim-mid/terse'
 */
export function pickRecommendation(cands: Cand[], bar: number | null): Recommendation {
  const choice = choosePick(cands, bar);
  return {
    candidate: choice.pick?.id ?? null,
    reason: pickSentence(choice),
    pointEstimateCandidate: choice.pointEstimate?.id ?? null,
    closest: choice.closest?.id ?? null,
  };
}

/** Lowest cost per success (unknown last), then higher accuracy, then id. */
function cheapest<T extends Cand>(cands: T[]): T | null {
  return [...cands].sort(byCostThenAccuracy)[0] ?? null;
}

function byCostThenAccuracy(a: Cand, b: Cand): number {
  return (
    compareCost(a.costPerSuccessUsd, b.costPerSuccessUsd) ||
    (b.accuracy ?? -1) - (a.accuracy ?? -1) ||
    compareIds(a.id, b.id)
  );
}

function byAccuracyThenCost(a: Cand, b: Cand): number {
  return (
    (b.accuracy ?? -1) - (a.accuracy ?? -1) ||
    compareCost(a.costPerSuccessUsd, b.costPerSuccessUsd) ||
    compareIds(a.id, b.id)
  );
}

function compareCost(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
