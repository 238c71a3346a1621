import type { CandidateSummary, Recommendation } from '../log/summary-file.ts';
import { formatBar, formatInterval, formatPct, formatUsd } from '../report/format.ts';

type Cand = Pick<CandidateSummary, 'id' | 'accuracy' | 'accuracyLow' | 'accuracyHigh' | 'costPerSuccessUsd'>;

/**
 * Chooses the recommended candidate (the README's tour explains the rule).
 *
 * - With a bar: the pick is the candidate with the lowest cost per success whose 95% lower bound
 *   (`accuracyLow`) is at least the bar; ties go to the higher accuracy, then the id. A candidate
 *   with an unknown cost (unpriced) ranks after every priced one. `pointEstimateCandidate` names the
 *   cheapest candidate whose point estimate clears the bar when that is a different candidate.
 *   When nothing clears, `candidate` is null and `closest` is the most accurate candidate
 *   (ties: cheaper).
 * - Without a bar: the most accurate candidate (ties: cheaper, then id), and the reason says that
 *   no bar was set.
 *
 * `reason` is one sentence for people, with the figures that decided it.
 *
 * @example pickRecommendation(summary.candidates, summary.qualityBar).candidate // 'sim-mid/terse'
 */
export function pickRecommendation(cands: CandidateSummary[], bar: number | null): Recommendation {
  const ran = cands.filter((c) => c.accuracy !== null);
  if (ran.length === 0) {
    return {
      candidate: null,
      reason: 'No candidate ran any samples, so there is nothing to recommend.',
      pointEstimateCandidate: null,
      closest: null,
    };
  }
  if (bar === null) return pickWithoutBar(ran);

  const pick = cheapest(ran.filter((c) => (c.accuracyLow ?? -1) >= bar));
  const byPoint = cheapest(ran.filter((c) => (c.accuracy ?? -1) >= bar));
  const pointEstimate = byPoint && byPoint.id !== pick?.id ? byPoint : null;

  if (pick) {
    const cost =
      pick.costPerSuccessUsd === null ? 'an unknown cost (unpriced)' : formatUsd(pick.costPerSuccessUsd);
    let reason =
      `${pick.id} is the cheapest candidate whose 95% lower bound (${formatPct(pick.accuracyLow)}) ` +
      `clears the ${formatBar(bar)} bar, at ${cost} per success`;
    if (pointEstimate) reason += `; ${pointEstimateClause(pointEstimate)}`;
    return {
      candidate: pick.id,
      reason: `${reason}.`,
      pointEstimateCandidate: pointEstimate?.id ?? null,
      closest: null,
    };
  }

  const closest = [...ran].sort(byAccuracyThenCost)[0]!;
  let reason =
    `No candidate's 95% lower bound clears the ${formatBar(bar)} bar; the closest is ${closest.id} at ` +
    `${formatPct(closest.accuracy)} (95% CI ${formatInterval(closest.accuracyLow, closest.accuracyHigh)})`;
  if (pointEstimate && pointEstimate.id !== closest.id)
    reason += `, and ${pointEstimateClause(pointEstimate)}`;
  else if (pointEstimate) reason += ', whose point estimate clears the bar but whose lower bound does not';
  return {
    candidate: null,
    reason: `${reason}.`,
    pointEstimateCandidate: pointEstimate?.id ?? null,
    closest: closest.id,
  };
}

function pickWithoutBar(ran: Cand[]): Recommendation {
  const best = [...ran].sort(byAccuracyThenCost)[0]!;
  if (best.accuracy === 0) {
    return {
      candidate: null,
      reason:
        'No quality bar was set and no candidate passed a single sample, so there is nothing to recommend.',
      pointEstimateCandidate: null,
      closest: null,
    };
  }
  const cost =
    best.costPerSuccessUsd === null ? 'unknown cost' : `${formatUsd(best.costPerSuccessUsd)} per success`;
  return {
    candidate: best.id,
    reason:
      `No quality bar was set, so the most accurate candidate is recommended: ${best.id} at ` +
      `${formatPct(best.accuracy)} (95% CI ${formatInterval(best.accuracyLow, best.accuracyHigh)}), ${cost}.`,
    pointEstimateCandidate: null,
    closest: null,
  };
}

function pointEstimateClause(c: Cand): string {
  const cost =
    c.costPerSuccessUsd === null ? 'unknown cost' : `${formatUsd(c.costPerSuccessUsd)} per success`;
  return (
    `${c.id} (${cost}) clears the bar on its point estimate (${formatPct(c.accuracy)}) ` +
    `but not on its lower bound (${formatPct(c.accuracyLow)})`
  );
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
