/**
 * The pick in one sentence for people, with the figures that decided it. The choice is data (see
 * `choosePick` in src/analysis/pick.ts); this is its wording, shared by summary.json's `reason`
 * and every report that shows it.
 */
import { formatUsd } from './money.ts';
import { formatBar, formatInterval, formatPct } from './percent.ts';

/** A candidate's figures the sentence quotes. */
export interface PickFigures {
  id: string;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  costPerSuccessUsd: number | null;
}

/** What `pickSentence` words: the rule that decided, the bar, and the candidates it names. */
export interface WordedPick {
  rule: 'clears' | 'none-clears' | 'no-bar' | 'none-ran' | 'none-passed' | 'none-complete';
  bar: number | null;
  pick: PickFigures | null;
  pointEstimate: PickFigures | null;
  closest: PickFigures | null;
}

/** @example pickSentence(choice) // 'sim-mid/terse is the cheapest candidate whose 95% lower bound …' */
export function pickSentence(p: WordedPick): string {
  switch (p.rule) {
    case 'none-ran':
      return 'No candidate has a scored sample, so there is nothing to recommend.';
    case 'none-complete':
      return 'Every candidate is incomplete (too few samples were scored), so there is nothing to recommend.';
    case 'none-passed':
      return 'No quality bar was set and no candidate passed a single sample, so there is nothing to recommend.';
    case 'no-bar':
      return noBarSentence(p.pick!);
    case 'clears':
      return clearsSentence(p.pick!, p.bar!, p.pointEstimate);
    case 'none-clears':
      return noneClearsSentence(p.closest!, p.bar!, p.pointEstimate);
  }
}

function clearsSentence(pick: PickFigures, bar: number, pointEstimate: PickFigures | null): string {
  const cost =
    pick.costPerSuccessUsd === null ? 'an unknown cost (unpriced)' : formatUsd(pick.costPerSuccessUsd);
  let reason =
    `${pick.id} is the cheapest candidate whose 95% lower bound (${formatPct(pick.accuracyLow)}) ` +
    `clears the ${formatBar(bar)} bar, at ${cost} per success`;
  if (pointEstimate) reason += `; ${pointEstimateClause(pointEstimate)}`;
  return `${reason}.`;
}

function noneClearsSentence(closest: PickFigures, bar: number, pointEstimate: PickFigures | null): string {
  let reason =
    `No candidate's 95% lower bound clears the ${formatBar(bar)} bar; the closest is ${closest.id} at ` +
    `${formatPct(closest.accuracy)} (95% CI ${formatInterval(closest.accuracyLow, closest.accuracyHigh)})`;
  if (pointEstimate && pointEstimate.id !== closest.id)
    reason += `, and ${pointEstimateClause(pointEstimate)}`;
  else if (pointEstimate) reason += ', whose point estimate clears the bar but whose lower bound does not';
  return `${reason}.`;
}

function noBarSentence(best: PickFigures): string {
  const cost =
    best.costPerSuccessUsd === null ? 'unknown cost' : `${formatUsd(best.costPerSuccessUsd)} per success`;
  return (
    `No quality bar was set, so the most accurate candidate is recommended: ${best.id} at ` +
    `${formatPct(best.accuracy)} (95% CI ${formatInterval(best.accuracyLow, best.accuracyHigh)}), ${cost}.`
  );
}

function pointEstimateClause(c: PickFigures): string {
  const cost =
    c.costPerSuccessUsd === null ? 'unknown cost' : `${formatUsd(c.costPerSuccessUsd)} per success`;
  return (
    `${c.id} (${cost}) clears the bar on its point estimate (${formatPct(c.accuracy)}) ` +
    `but not on its lower bound (${formatPct(c.accuracyLow)})`
  );
}
