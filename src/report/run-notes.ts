/**
 * Sentences about a run that every report shows the same way: why it stopped, what it spent,
 * and which candidates stopped early or could not run.
 */
import { formatUsd } from '../format/money.ts';
import { formatInt } from '../format/number.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';

/** Why the run stopped before it finished, as one sentence; `null` when it finished. */
export function describeStop(summary: Summary): string | null {
  const notRun = summary.samplesNotRun;
  const notRunText =
    notRun > 0 ? ` ${formatInt(notRun)} ${notRun === 1 ? 'sample was' : 'samples were'} not run.` : '';
  switch (summary.stoppedReason) {
    case null:
      return null;
    case 'budget':
      return `The budget ran out (${formatUsd(summary.spentUsd.total)} of ${formatUsd(summary.budgetUsd)}), so the run is incomplete.${notRunText}`;
    case 'interrupted':
      return `The run was interrupted, so it is incomplete.${notRunText}`;
    case 'candidate_failed':
      return `A candidate could not run, so the run is incomplete.${notRunText}`;
    default:
      return `The run stopped early (${String(summary.stoppedReason)}).${notRunText}`;
  }
}

/** Spend against the budget, e.g. `$0.42 of $2.00 budget (21%)`. */
/** The warning for attempts whose server reported no usage, or null when there were none. */
export function describeUsageEstimated(summary: Summary): string | null {
  const n = summary.candidates.reduce((sum, c) => sum + (c.usageEstimatedAttempts ?? 0), 0);
  if (n === 0) return null;
  const who = summary.candidates
    .filter((c) => (c.usageEstimatedAttempts ?? 0) > 0)
    .map((c) => `${c.id} ${formatInt(c.usageEstimatedAttempts ?? 0)}`)
    .join(', ');
  return `${formatInt(n)} ${n === 1 ? 'attempt had' : 'attempts had'} no usage from the server; their tokens were counted locally (${who}).`;
}

export function describeSpend(summary: Summary): string {
  const spent = formatUsd(summary.spentUsd.total);
  if (summary.budgetUsd === null) return `${spent} (no budget set)`;
  const share =
    summary.budgetUsd > 0 ? ` (${Math.round((summary.spentUsd.total / summary.budgetUsd) * 100)}%)` : '';
  return `${spent} of ${formatUsd(summary.budgetUsd)} budget${share}`;
}

/** Where the spend went: candidates, judge, and what the cache saved. */
export function describeSpendBreakdown(summary: Summary): string {
  const parts = [
    `candidates ${formatUsd(summary.spentUsd.candidates)}`,
    `judge ${formatUsd(summary.spentUsd.judge)}`,
  ];
  if (summary.savedByCacheUsd > 0) parts.push(`cache saved ${formatUsd(summary.savedByCacheUsd)}`);
  return parts.join(' · ');
}

/** One note for a candidate that stopped early or could not run; `null` for the others. */
export function describeCandidateStop(c: CandidateSummary): string | null {
  if (c.stopError) {
    const status = c.stopError.status === null ? '' : ` ${c.stopError.status}`;
    return `could not run (${c.stopError.kind}${status}): ${c.stopError.message}`;
  }
  if (c.earlyStopped) {
    const reason = c.earlyStopReason ?? 'it cannot reach the bar with 95% confidence';
    const saved = c.savedUsd === null ? '' : `; saved ${formatUsd(c.savedUsd)}`;
    const notRun = c.notRun > 0 ? `, ${formatInt(c.notRun)} samples not sent` : '';
    return `stopped early: ${reason}${notRun}${saved}`;
  }
  return null;
}
