/**
 * The gate's bar and accuracy checks (the cost check is in cost-check.ts). Each is a pure function
 * of the current and baseline data that returns one verdict; none reads files or the clock.
 */

import { formatP } from '../format/number.ts';
import { formatPct, formatPoints } from '../format/percent.ts';
import type { CandidateSummary } from '../log/summary-file.ts';
import { type PairedTestOptions, pairedCaseTest } from '../stats/paired-test.ts';
import { type CaseOutcomes, pairOutcomes, pooledRate } from './outcomes.ts';
import type { GateCheck, Verdict } from './types.ts';

/** Float slack so that a change exactly at a threshold (0.92 - 0.90) does not fail by rounding. */
const EPS = 1e-9;

/** Significance level of the paired test. */
export const ALPHA = 0.05;

/** `p=0.021`, or `p<0.001`. */
function pText(p: number): string {
  const shown = formatP(p);
  return shown.startsWith('<') ? `p${shown}` : `p=${shown}`;
}

/** A verdict with no numbers, for checks that cannot run. */
export function skipVerdict(candidate: string, check: GateCheck, message: string): Verdict {
  return {
    candidate,
    check,
    status: 'skip',
    baseline: null,
    current: null,
    delta: null,
    p: null,
    threshold: null,
    method: null,
    message,
  };
}

/** The rule the bar check applies, the same as the pick's (src/analysis/pick.ts). */
export const BAR_RULE = '95% lower bound ≥ bar';

/**
 * The pick's rule: passes when the candidate's 95% lower bound (`accuracyLow`) is at least the
 * quality bar. Fails when it is below, when nothing was scored, or when early stopping stopped
 * the candidate (for the reason it stated: its lower bound cannot reach the bar, or the
 * sequential rule, "by early stop"). Skipped when the suite sets no bar. `current` is the lower
 * bound.
 */
export function checkBar(current: CandidateSummary, bar: number | null): Verdict {
  const id = current.id;
  if (bar === null) return skipVerdict(id, 'bar', 'No quality bar is set in the suite.');
  const acc = current.accuracy;
  const low = current.accuracyLow;
  const base = { ...skipVerdict(id, 'bar', ''), baseline: bar, threshold: bar };
  if (acc === null || low === null) {
    return {
      ...base,
      status: 'fail',
      message: `No samples were scored, so accuracy is unknown; the bar is ${formatPct(bar)} (${BAR_RULE}).`,
    };
  }
  const figures = `95% lower bound ${formatPct(low)} (accuracy ${formatPct(acc)}, 95% CI ${formatPct(low)}-${formatPct(current.accuracyHigh)})`;
  const measured = { ...base, current: low, delta: low - bar };
  if (current.earlyStopped) {
    return { ...measured, status: 'fail', message: earlyStopMessage(current.earlyStopReason, bar, figures) };
  }
  const fail = low < bar - EPS;
  return {
    ...measured,
    status: fail ? 'fail' : 'pass',
    message: fail
      ? `${figures} is below the bar ${formatPct(bar)} over ${current.samples} samples (rule: ${BAR_RULE}).`
      : `${figures} meets the bar ${formatPct(bar)} (rule: ${BAR_RULE}).`,
  };
}

/** Why an early-stopped candidate fails the bar, in the words of the rule that stopped it. */
function earlyStopMessage(reason: string | null, bar: number, figures: string): string {
  const why = reason ?? 'it cannot reach the bar';
  if (why.startsWith('its 95% lower bound')) {
    return `Fails the bar ${formatPct(bar)} (rule: ${BAR_RULE}): stopped early because ${why}. Now: ${figures}.`;
  }
  return `Fails the bar ${formatPct(bar)} by early stop: ${why}. Now: ${figures}.`;
}

/**
 * Fails when accuracy over the cases present in both runs dropped by more than `maxDrop` AND the
 * paired case-level test says the drop is significant (p < 0.05). A large drop that is not
 * significant passes, with a message saying so.
 */
export function checkAccuracy(
  candidate: string,
  baseline: CaseOutcomes,
  current: CaseOutcomes,
  maxDrop: number,
  opts: PairedTestOptions = {},
): Verdict {
  const paired = pairOutcomes(baseline, current);
  const left =
    paired.onlyBaseline + paired.onlyCurrent > 0
      ? ` Left out: ${paired.onlyBaseline} cases only in the baseline, ${paired.onlyCurrent} only in this run.`
      : '';
  if (paired.pairs.length === 0) {
    return skipVerdict(
      candidate,
      'accuracy',
      `No cases in common with the baseline, so no paired comparison.${left}`,
    );
  }
  const before = pooledRate(paired.pairs.map((x) => x.baseline))!;
  const after = pooledRate(paired.pairs.map((x) => x.current))!;
  const delta = after - before;
  // a regression gate asks one question, "did it get worse?": a one-sided test keeps all 5% for it,
  // and the mid-p spends that 5% instead of the exact test's ~3.5% (docs/gate.md, measured)
  const test = pairedCaseTest(paired.pairs, { alternative: 'less', midP: true, ...opts });
  const tooBig = -delta > maxDrop + EPS;
  const significant = test.p < ALPHA;
  const numbers =
    `${formatPct(before)} -> ${formatPct(after)} (${formatPoints(delta)}) over ${paired.pairs.length} paired cases, ` +
    `${test.worse} worse and ${test.better} better, ${pText(test.p)}.`;
  const allowed = `${(maxDrop * 100).toFixed(1)} pts`;
  let message: string;
  if (tooBig && significant) {
    message = `Accuracy dropped more than the ${allowed} allowed and the drop is significant: ${numbers}`;
  } else if (tooBig) {
    message = `Accuracy dropped more than the ${allowed} allowed, but not significantly (likely noise): ${numbers}`;
  } else {
    message = `Accuracy ${numbers}`;
  }
  return {
    candidate,
    check: 'accuracy',
    status: tooBig && significant ? 'fail' : 'pass',
    baseline: before,
    current: after,
    delta,
    p: test.p,
    threshold: maxDrop,
    method: test.method,
    message: message + left,
  };
}
