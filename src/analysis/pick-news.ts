/**
 * "Now clears the bar for less": when this run's pick differs from another run's (the baseline's,
 * or for a repriced run the original's) and costs less per success, the reports say so, e.g.
 * "sim-mid/terse now clears the bar at 40% less per success than the baseline's sim-frontier/cot".
 */
import type { CandidateSummary, ComparedPick, Summary } from '../log/summary-file.ts';
import { choosePick } from './pick.ts';

/** The baseline's pick by the pick's rule, at this run's bar, from the baseline's candidate summaries. */
export function baselinePick(
  candidates: readonly CandidateSummary[],
  bar: number | null,
  runId: string,
): ComparedPick {
  const pick = choosePick([...candidates], bar).pick;
  return {
    against: 'baseline',
    runId,
    candidate: bar === null ? null : (pick?.id ?? null),
    costPerSuccessUsd: pick?.costPerSuccessUsd ?? null,
  };
}

/** Another run's own pick, as its summary records it. */
export function summaryPick(s: Summary, against: ComparedPick['against']): ComparedPick {
  const id = s.recommendation.candidate;
  return {
    against,
    runId: s.runId,
    candidate: id,
    costPerSuccessUsd: s.candidates.find((c) => c.id === id)?.costPerSuccessUsd ?? null,
  };
}

/** The sentence, or null when the pick is the same, dearer, not priced, or there is no bar or no pick. */
export function pickNews(
  s: Pick<Summary, 'recommendation' | 'candidates' | 'comparedPick' | 'qualityBar'>,
): string | null {
  const before = s.comparedPick;
  const now = s.recommendation.candidate;
  if (
    !before ||
    s.qualityBar === null ||
    now === null ||
    before.candidate === null ||
    now === before.candidate
  )
    return null;
  const cost = s.candidates.find((c) => c.id === now)?.costPerSuccessUsd ?? null;
  const then = before.costPerSuccessUsd;
  if (cost === null || then === null || then <= 0 || cost >= then) return null;
  const less = Math.round((1 - cost / then) * 100);
  const whose = before.against === 'baseline' ? "the baseline's" : "the original run's";
  return `${now} now clears the bar at ${less}% less per success than ${whose} ${before.candidate}.`;
}
