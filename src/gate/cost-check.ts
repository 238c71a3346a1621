/**
 * The gate's cost check: did cost per success rise by more than `maxCostIncrease`?
 *
 * Paired when it can be: cost per success over the cases both runs scored, with a permutation test
 * (src/stats/paired-cost-test.ts), so a `--sample` run or an early-stopped candidate is compared on
 * the same cases as its baseline, and a rise fails only when it is more than noise. A version-1
 * baseline holds no per-case costs; the check then compares each run's overall cost per success and
 * says so.
 */

import { formatUsd } from '../format/money.ts';
import { formatP } from '../format/number.ts';
import { formatRelative } from '../format/percent.ts';
import type { CandidateSummary } from '../log/summary-file.ts';
import { type PairedCost, type PairedCostOptions, pairedCostTest } from '../stats/paired-cost-test.ts';
import { ALPHA, skipVerdict } from './checks.ts';
import { type CaseCosts, type CaseOutcomes, own, pairOutcomes } from './outcomes.ts';
import type { Verdict } from './types.ts';

/** Float slack so that a rise exactly at the threshold does not fail by rounding. */
const EPS = 1e-9;

/** One run of a candidate as the cost check sees it. */
export interface CostSide {
  summary: CandidateSummary;
  /** Per-case outcomes and costs; without costs the check is not paired. */
  outcomes: CaseOutcomes;
  costs?: CaseCosts;
}

/** How many cases the message counts, e.g. "over the 50 cases both runs scored". */
export function pairedCasesText(n: number): string {
  return `over the ${n} case${n === 1 ? '' : 's'} both runs scored`;
}

/**
 * Fails when cost per success rose by more than `maxIncrease` (relative) and the paired test finds
 * the rise significant (p < 0.05), or, compared unpaired, rose by more than `maxIncrease`. Skipped
 * when a cost is unknown (an unpriced model), when the runs share no case, or when neither run has
 * a success.
 */
export function checkCostPaired(
  baseline: CostSide,
  current: CostSide,
  maxIncrease: number,
  opts: PairedCostOptions = {},
): Verdict {
  if (!baseline.costs || !current.costs) {
    const why = baseline.costs
      ? 'this run has no per-case costs'
      : 'the baseline has no per-case costs (it predates them; refresh it with --update-baseline to pair this check)';
    const v = checkCost(baseline.summary, current.summary, maxIncrease);
    return { ...v, message: `${v.message} Compared over each run's own cases: ${why}.` };
  }
  const id = current.summary.id;
  const paired = pairOutcomes(baseline.outcomes, current.outcomes);
  const left =
    paired.onlyBaseline + paired.onlyCurrent > 0
      ? ` Left out: ${paired.onlyBaseline} cases only in the baseline, ${paired.onlyCurrent} only in this run.`
      : '';
  const unknown = paired.caseIds.filter(
    (c) => (own(baseline.costs!, c) ?? null) === null || (own(current.costs!, c) ?? null) === null,
  ).length;
  if (paired.pairs.length === 0) {
    return skipVerdict(
      id,
      'cost',
      `No cases in common with the baseline, so no paired cost comparison.${left}`,
    );
  }
  if (unknown > 0) {
    return skipVerdict(
      id,
      'cost',
      `Not compared: the cost of ${unknown} of the paired cases is unknown (unpriced model).`,
    );
  }
  const pairs: PairedCost[] = paired.pairs.map((x, i) => ({
    baseline: [own(baseline.costs!, paired.caseIds[i]!)!, x.baseline[0]],
    current: [own(current.costs!, paired.caseIds[i]!)!, x.current[0]],
  }));
  return costVerdict(id, pairedCostTest(pairs, opts), maxIncrease, left);
}

function costVerdict(
  id: string,
  test: ReturnType<typeof pairedCostTest>,
  maxIncrease: number,
  left: string,
): Verdict {
  const { baseline: before, current: after, p } = test;
  const over = pairedCasesText(test.cases);
  const base = { ...skipVerdict(id, 'cost', ''), baseline: before, current: after, threshold: maxIncrease };
  const limit = formatRelative(maxIncrease);
  const pShown = formatP(p);
  const pText = pShown.startsWith('<') ? `p${pShown}` : `p=${pShown}`;
  if (before === null && after === null) {
    return {
      ...base,
      message: `No successes ${over}, in either run; no cost per success to compare.${left}`,
    };
  }
  if (before === null)
    return { ...base, message: `Not compared: the baseline had no successes ${over}.${left}` };
  // a rise to "unbounded" (no successes now) or from $0 has no relative size: it is over any limit
  const rel = after === null ? null : before === 0 ? (after > 0 ? null : 0) : after / before - 1;
  const tooBig = rel === null || rel > maxIncrease + EPS;
  const significant = p < ALPHA;
  const numbers =
    after === null
      ? `no successes now (baseline ${formatUsd(before)}) ${over}, ${pText}`
      : `${formatUsd(before)} -> ${formatUsd(after)}${rel === null ? '' : ` (${formatRelative(rel)})`} ${over}, ${pText}`;
  let message: string;
  if (tooBig && significant) {
    message = `Cost per success rose more than the ${limit} allowed and the rise is significant: ${numbers}.`;
  } else if (tooBig) {
    message = `Cost per success rose more than the ${limit} allowed, but not significantly (likely noise): ${numbers}.`;
  } else {
    message = `Cost per success ${numbers}, within ${limit}.`;
  }
  return {
    ...base,
    status: tooBig && significant ? 'fail' : 'pass',
    delta: rel,
    p,
    message: message + left,
  };
}

/**
 * The unpaired comparison, of each run's overall cost per success: fails when it rose by more than
 * `maxIncrease` (relative), or when this run has no successes while the baseline had some.
 * Skipped when a cost is unknown (an unpriced model) or the baseline had no successes.
 */
export function checkCost(
  baseline: CandidateSummary,
  current: CandidateSummary,
  maxIncrease: number,
): Verdict {
  const id = current.id;
  const before = baseline.costPerSuccessUsd;
  const after = current.costPerSuccessUsd;
  const base = { ...skipVerdict(id, 'cost', ''), baseline: before, current: after, threshold: maxIncrease };
  const limit = formatRelative(maxIncrease);
  if (current.passed === 0) {
    if (baseline.passed > 0) {
      return {
        ...base,
        status: 'fail',
        message: `No successes in this run, so cost per success is unbounded (baseline ${formatUsd(before)}).`,
      };
    }
    return {
      ...base,
      message: 'No successes in this run or in the baseline; no cost per success to compare.',
    };
  }
  if (before === null) {
    const why =
      baseline.passed === 0
        ? 'the baseline had no successes'
        : 'the baseline cost is unknown (unpriced model)';
    return { ...base, message: `Not compared: ${why}.` };
  }
  if (after === null)
    return { ...base, message: 'Not compared: the cost in this run is unknown (unpriced model).' };
  if (before === 0) {
    const fail = after > 0;
    return {
      ...base,
      status: fail ? 'fail' : 'pass',
      delta: fail ? null : 0,
      message: fail
        ? `Cost per success rose from $0 to ${formatUsd(after)}.`
        : 'Cost per success is $0, as in the baseline.',
    };
  }
  const rel = after / before - 1;
  const fail = rel > maxIncrease + EPS;
  const numbers = `${formatUsd(before)} -> ${formatUsd(after)} (${formatRelative(rel)})`;
  return {
    ...base,
    status: fail ? 'fail' : 'pass',
    delta: rel,
    message: fail
      ? `Cost per success rose more than the ${limit} allowed: ${numbers}.`
      : `Cost per success ${numbers}, within ${limit}.`,
  };
}
