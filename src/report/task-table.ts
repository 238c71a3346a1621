/**
 * The per-task figures of a run with tasks (several model calls per sample) or per-task limits:
 * calls and tokens per task (p50 and p95), the samples a limit stopped, and what share of the
 * tasks' input the tool definitions and the history account for (counted locally, an estimate).
 * summary.md and the console print it as a table after the candidates.
 */
import { inputShares } from '../analysis/task-tally.ts';
import { EMPTY } from '../format/empty.ts';
import { formatInt } from '../format/number.ts';
import { formatPct } from '../format/percent.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';

export const TASK_HEADERS = [
  'Candidate',
  'Calls / task p50 · p95',
  'Tokens / task p50 · p95',
  'Limit hits',
  'Input: tool definitions',
  'Input: history',
];

/** Whether the run has per-task figures worth a table: a task with tools or history, or a limit hit. */
export function hasTaskFigures(s: Summary): boolean {
  return s.candidates.some(
    (c) => (c.limitHits ?? 0) > 0 || (c.callsPerTaskP95 ?? 1) > 1 || c.inputBreakdown != null,
  );
}

/** One row per candidate, in summary order, as text cells under TASK_HEADERS. */
export function taskRows(s: Summary): string[][] {
  return s.candidates.map(taskRow);
}

/** One candidate's row under TASK_HEADERS. */
export function taskRow(c: CandidateSummary): string[] {
  const shares = inputShares(c.inputBreakdown);
  return [
    c.id,
    pair(c.callsPerTaskP50, c.callsPerTaskP95),
    pair(c.tokensPerTaskP50, c.tokensPerTaskP95),
    formatInt(c.limitHits),
    shares ? formatPct(shares.tools, 0) : EMPTY,
    shares ? formatPct(shares.history, 0) : EMPTY,
  ];
}

function pair(p50: CandidateSummary['callsPerTaskP50'], p95: CandidateSummary['callsPerTaskP95']): string {
  return p50 == null ? EMPTY : `${formatInt(p50)} · ${formatInt(p95)}`;
}

/** The note under the table: how the input shares are counted. */
export const TASK_NOTE =
  'Input shares are of the tasks’ input tokens counted locally with gpt-tokenizer (an estimate; providers bill the tool definitions on every call). A limit hit is a failed sample with its spend counted in full.';
