import type { SampleError, SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary } from '../log/summary-file.ts';
import { addCost, addTokens, zeroTokens } from '../pricing/compute-cost.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import { type Tokens, totalTokensOf } from '../pricing/tokens.ts';
import { type CaseCount, clusteredWilson } from '../stats/clustered-wilson.ts';
import { wilson } from '../stats/wilson.ts';
import { type Breakdown, type CaseGroups, createBreakdownCollector } from './breakdown.ts';
import {
  addToCachingTally,
  type CachingTally,
  cachingSavedOf,
  createCachingTally,
} from './caching-by-tariff.ts';
import { outcomeOf } from './outcome.ts';
import { paretoFrontier } from './pareto.ts';
import { projectedMonthlyUsd } from './projection.ts';
import { addToTaskTally, createTaskTally, type TaskTally, taskFigures } from './task-tally.ts';

export interface CandidateMeta {
  id: string;
  model: string;
  prompt: string;
  provider: string;
  /** Samples planned for this candidate in this run. */
  planned: number;
  /**
   * Samples per case. Above 1 the accuracy interval treats the case as the unit
   * (src/stats/clustered-wilson.ts), so per-case counts are kept: one entry per case.
   * @default 1
   */
  repeats?: number;
}

interface Acc {
  meta: CandidateMeta;
  samples: number;
  passed: number;
  failed: number;
  errored: number;
  /** Passed plus failed, where failed includes the errors that are the candidate's failure. */
  scored: number;
  errorsByKind: Map<string, number>;
  errorExamples: Map<string, string>;
  tokens: Tokens;
  /** The prompt tokens by the tariff they were billed at, for what prompt caching saved. */
  caching: CachingTally;
  requests: number;
  retries: number;
  cachedSamples: number;
  calls: number;
  usageEstimated: number;
  cost: number | null;
  spent: number | null;
  judgeCost: number | null;
  /**
   * Latencies of samples that sent requests (cache hits would flatter the figures), as counts per
   * whole millisecond: exact percentiles in memory bounded by the distinct values, not the samples.
   */
  latencies: Map<number, number>;
  earlyStopReason: string | null;
  stopError: SampleError | null;
  /** caseId -> [passed, scored], kept only when the candidate has repeats; null otherwise. */
  perCase: Map<string, [number, number]> | null;
  /** Per-task figures: calls and tokens per sample as counts per value, limit hits, input sources. */
  perTask: TaskTally;
}

/**
 * Folds sample records into per-candidate summaries one record at a time, so a run of any size
 * is summarised in one pass with memory proportional to the candidates (plus one latency each).
 */
export interface Aggregator {
  add(r: SampleRecord): void;
  /** Marks a candidate as stopped early. */
  stopEarly(candidate: string, reason: string): void;
  /** Marks a candidate as unable to run (auth failure). */
  stopWithError(candidate: string, error: SampleError): void;
  /** Live figures for progress: samples done, passed, and cost so far. */
  peek(candidate: string): { samples: number; passed: number; cost: number | null } | undefined;
  finish(opts: FinishOptions): CandidateSummary[];
  /** The per-group and per-scorer figures (src/analysis/breakdown.ts) of the finished candidates. */
  breakdown(candidates: readonly CandidateSummary[]): Breakdown;
}

/** What the figures are judged against when the tally is finished. */
export interface FinishOptions {
  qualityBar: number | null;
  tasksPerDay: number | null;
  /** Coverage below this marks a candidate incomplete. @default 0.98 */
  minCoverage?: number;
  /**
   * The run's list prices by model: with them each candidate gets `cachingSavedUsd` at the tariffs
   * its attempts were billed at. @default none (the figure is left to `enrichCandidates`)
   */
  prices?: Record<string, ModelPrice | null>;
}

/** The suite's `minCoverage` when the summary records none. */
export const DEFAULT_MIN_COVERAGE = 0.98;

/** Longest example error message a summary keeps. */
const EXAMPLE_MAX = 300;

/**
 * @param opts.groups the cases' groups for the suite's `groupBy`, or null (no group breakdown)
 */
export function createAggregator(
  metas: CandidateMeta[],
  opts: { groups?: CaseGroups | null } = {},
): Aggregator {
  const accs = new Map<string, Acc>();
  const breakdown = createBreakdownCollector(opts.groups ?? null, metas[0]?.repeats ?? 1);
  for (const meta of metas) accs.set(meta.id, newAcc(meta));
  return {
    add(r) {
      const a = accs.get(r.candidate);
      if (!a) return;
      breakdown.add(r);
      a.samples++;
      if (r.status === 'passed') a.passed++;
      else if (r.status === 'failed') a.failed++;
      else countError(a, r.error);
      if (outcomeOf(r) !== 'not_scored') {
        a.scored++;
        if (a.perCase) countCase(a.perCase, r.caseId, r.status === 'passed');
      }
      addTokens(a.tokens, r.tokens);
      addToCachingTally(a.caching, r);
      a.requests += r.attempts;
      a.retries += r.retries;
      a.calls += r.calls;
      for (const x of r.attemptLog) if (x.usageEstimated) a.usageEstimated++;
      if (r.cached) a.cachedSamples++;
      addToTaskTally(a.perTask, r);
      a.cost = addCost(a.cost, r.costUsd);
      a.spent = addCost(a.spent, r.spentUsd);
      if (r.judge) a.judgeCost = addCost(a.judgeCost, r.judge.costUsd);
      if (!r.cached) {
        const ms = Math.round(r.latencyMs);
        a.latencies.set(ms, (a.latencies.get(ms) ?? 0) + 1);
      }
    },
    stopEarly(candidate, reason) {
      const a = accs.get(candidate);
      if (a) a.earlyStopReason = reason;
    },
    stopWithError(candidate, error) {
      const a = accs.get(candidate);
      if (a && !a.stopError) a.stopError = error;
    },
    peek(candidate) {
      const a = accs.get(candidate);
      return a ? { samples: a.samples, passed: a.passed, cost: a.cost } : undefined;
    },
    finish(opts) {
      const out = [...accs.values()].map((a) => withCachingSaved(finishOne(a, opts), a, opts));
      const frontier = paretoFrontier(out.filter((c) => !c.incomplete));
      for (const c of out) c.onFrontier = frontier.has(c.id);
      return out;
    },
    breakdown: (candidates) => breakdown.finish(candidates),
  };
}

function newAcc(meta: CandidateMeta): Acc {
  return {
    meta,
    samples: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    scored: 0,
    errorsByKind: new Map(),
    errorExamples: new Map(),
    tokens: zeroTokens(),
    caching: createCachingTally(),
    requests: 0,
    retries: 0,
    cachedSamples: 0,
    calls: 0,
    usageEstimated: 0,
    cost: 0,
    spent: 0,
    judgeCost: 0,
    latencies: new Map(),
    earlyStopReason: null,
    stopError: null,
    perCase: (meta.repeats ?? 1) > 1 ? new Map() : null,
    perTask: createTaskTally(),
  };
}

function withCachingSaved(c: CandidateSummary, a: Acc, opts: FinishOptions): CandidateSummary {
  if (!opts.prices) return c;
  return { ...c, cachingSavedUsd: cachingSavedOf(a.caching, opts.prices[c.model] ?? null) };
}

function countError(a: Acc, error: SampleError | null): void {
  a.errored++;
  const kind = error?.kind ?? 'unknown';
  a.errorsByKind.set(kind, (a.errorsByKind.get(kind) ?? 0) + 1);
  if (!a.errorExamples.has(kind) && error) a.errorExamples.set(kind, cut(error.message, EXAMPLE_MAX));
}

function countCase(perCase: Map<string, [number, number]>, caseId: string, passed: boolean): void {
  const c = perCase.get(caseId);
  if (c) {
    if (passed) c[0]++;
    c[1]++;
  } else perCase.set(caseId, [passed ? 1 : 0, 1]);
}

/**
 * The accuracy interval: Wilson over the scored samples, or with repeats over the cases
 * (src/stats/clustered-wilson.ts), so identical repeats do not count as fresh evidence.
 */
function accuracyInterval(a: Acc): { low: number; high: number } | null {
  if (a.perCase === null) return wilson(a.passed, a.scored);
  const counts: CaseCount[] = [...a.perCase.values()];
  return clusteredWilson(counts);
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * scored / planned, where the samples early stopping chose not to run are not planned (a decision,
 * not a gap); null when nothing was planned.
 */
function coverageOf(a: Acc, notRun: number, stoppedEarly: boolean): number | null {
  const planned = a.samples + (stoppedEarly ? 0 : notRun);
  return planned > 0 ? a.scored / planned : null;
}

function finishOne(a: Acc, opts: FinishOptions): CandidateSummary {
  const { qualityBar: bar, tasksPerDay } = opts;
  const interval = accuracyInterval(a);
  const accuracy = a.scored > 0 ? a.passed / a.scored : null;
  const costPerSample = a.samples > 0 && a.cost !== null ? a.cost / a.samples : null;
  const notRun = Math.max(0, a.meta.planned - a.samples);
  const lat = [...a.latencies].sort((x, y) => x[0] - y[0]);
  // a stop decided while the last samples were in flight saved nothing: not an early stop
  const stoppedEarly = a.earlyStopReason !== null && notRun > 0;
  const coverage = coverageOf(a, notRun, stoppedEarly);
  return {
    id: a.meta.id,
    model: a.meta.model,
    prompt: a.meta.prompt,
    provider: a.meta.provider,
    samples: a.samples,
    passed: a.passed,
    failed: a.failed,
    errored: a.errored,
    notRun,
    accuracy,
    accuracyLow: interval?.low ?? null,
    accuracyHigh: interval?.high ?? null,
    tokens: a.tokens,
    requests: a.requests,
    retries: a.retries,
    cachedSamples: a.cachedSamples,
    calls: a.calls,
    usageEstimatedAttempts: a.usageEstimated,
    meanCallsPerSample: a.samples > 0 ? a.calls / a.samples : null,
    costUsd: a.cost,
    spentUsd: a.spent,
    judgeCostUsd: a.judgeCost,
    costPerSuccessUsd: a.passed > 0 && a.cost !== null ? a.cost / a.passed : null,
    costPerSampleUsd: costPerSample,
    latencyMsP50: percentileOfCounts(lat, 0.5),
    latencyMsP95: percentileOfCounts(lat, 0.95),
    meetsBar: bar === null || interval === null ? null : interval.low >= bar,
    onFrontier: false,
    earlyStopped: stoppedEarly,
    earlyStopReason: stoppedEarly ? a.earlyStopReason : null,
    savedUsd: stoppedEarly && costPerSample !== null ? costPerSample * notRun : null,
    projectedMonthlyUsd: tasksPerDay === null ? null : projectedMonthlyUsd(costPerSample, tasksPerDay),
    stopError: a.stopError,
    scored: a.scored,
    notScored: a.samples - a.scored,
    coverage,
    errorsByKind: Object.fromEntries(a.errorsByKind),
    errorExamples: Object.fromEntries(a.errorExamples),
    incomplete: coverage !== null && coverage < (opts.minCoverage ?? DEFAULT_MIN_COVERAGE),
    meanTokensPerSample: a.samples > 0 ? tokensPerSample(a.tokens, a.samples) : null,
    ...taskFigures(a.perTask, percentileOfCounts),
  };
}

/** Tokens per sample: the prompt (cached or not) plus the output, as the calculator counts them. */
export function tokensPerSample(t: Tokens, samples: number): number {
  return totalTokensOf(t) / samples;
}

/** Nearest-rank percentile of `[value, count]` pairs sorted by value; the same as `percentile` over the expanded list. */
export function percentileOfCounts(sorted: Array<[number, number]>, q: number): number | null {
  let n = 0;
  for (const [, c] of sorted) n += c;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted.at(-1)![0];
}

/** Nearest-rank percentile of a sorted list; null when empty. */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
