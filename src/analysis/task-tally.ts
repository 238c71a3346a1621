import type { InputBreakdown, SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary } from '../log/summary-file.ts';
import { totalTokensOf } from '../pricing/tokens.ts';

/**
 * A candidate's per-task figures, folded one record at a time: calls and tokens per sample (as
 * counts per value, so percentiles are exact in memory bounded by the distinct values), the samples
 * a per-task limit stopped, and the tasks' input tokens by source.
 */
export interface TaskTally {
  calls: Map<number, number>;
  tokens: Map<number, number>;
  limitHits: number;
  breakdown: InputBreakdown | null;
}

export function createTaskTally(): TaskTally {
  return { calls: new Map(), tokens: new Map(), limitHits: 0, breakdown: null };
}

export function addToTaskTally(t: TaskTally, r: SampleRecord): void {
  const tokens = totalTokensOf(r.tokens);
  t.calls.set(r.calls, (t.calls.get(r.calls) ?? 0) + 1);
  t.tokens.set(tokens, (t.tokens.get(tokens) ?? 0) + 1);
  if (r.error?.kind === 'limit') t.limitHits++;
  const b = r.inputBreakdown;
  if (b) {
    t.breakdown ??= { system: 0, prompt: 0, history: 0, tools: 0 };
    t.breakdown.system += b.system;
    t.breakdown.prompt += b.prompt;
    t.breakdown.history += b.history;
    t.breakdown.tools += b.tools;
  }
}

type Percentile = (sorted: Array<[number, number]>, q: number) => number | null;

/** The summary fields of a tally; `percentile` is the aggregator's nearest rank over counts. */
export function taskFigures(
  t: TaskTally,
  percentile: Percentile,
): Pick<
  CandidateSummary,
  | 'callsPerTaskP50'
  | 'callsPerTaskP95'
  | 'tokensPerTaskP50'
  | 'tokensPerTaskP95'
  | 'limitHits'
  | 'inputBreakdown'
> {
  const calls = [...t.calls].sort((x, y) => x[0] - y[0]);
  const tokens = [...t.tokens].sort((x, y) => x[0] - y[0]);
  return {
    callsPerTaskP50: percentile(calls, 0.5),
    callsPerTaskP95: percentile(calls, 0.95),
    tokensPerTaskP50: percentile(tokens, 0.5),
    tokensPerTaskP95: percentile(tokens, 0.95),
    limitHits: t.limitHits,
    inputBreakdown: t.breakdown,
  };
}

/**
 * The share of a task's input the tool definitions and the history account for, of the input
 * counted locally; null when nothing was counted. Pure.
 */
export function inputShares(b: InputBreakdown | null | undefined): { tools: number; history: number } | null {
  if (!b) return null;
  const total = b.system + b.prompt + b.history + b.tools;
  return total > 0 ? { tools: b.tools / total, history: b.history / total } : null;
}
