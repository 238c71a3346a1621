/**
 * The one way a Summary is built: a run's tally (candidates aggregated, cascades collected) plus the
 * facts only the run knew (suite, prices, spend, budget, timing, stops). The run, `merge`,
 * `reprice` and `report` all end here, so their summaries agree field for field.
 */
import type { SampleError, SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { type Aggregator, type CandidateMeta, createAggregator, DEFAULT_MIN_COVERAGE } from './aggregate.ts';
import type { CaseGroups } from './breakdown.ts';
import {
  type CascadeCollector,
  type CascadeSpec,
  cascadeSpecsOf,
  createCascadeCollector,
} from './cascade.ts';
import { enrichCandidates } from './enrich-candidates.ts';
import { pickRecommendation } from './pick.ts';

/** A candidate as the facts know it: what it is, what was planned, and how the run stopped it. */
export interface CandidateFacts extends CandidateMeta {
  /** Why the run stopped it early, when it did. @default null */
  earlyStopReason?: string | null;
  /** The error that made it unable to run (auth failure). @default null */
  stopError?: SampleError | null;
}

/** What a summary reports that the records cannot tell: everything but the figures. */
export type SummaryFacts = Omit<
  Summary,
  'samplesNotRun' | 'recommendation' | 'candidates' | 'cascades' | 'oracle' | 'groups' | 'scorers'
>;

/** The summary facts plus what a tally of the records is opened with. */
export interface RunFacts extends SummaryFacts {
  /** The candidates, in report order. */
  candidates: CandidateFacts[];
  /** The suite's cascades, simulated from the same records. */
  cascades: CascadeSpec[];
  /** With `groupBy`: the group of every case (from the plan or cases.jsonl). @default none */
  caseGroups?: CaseGroups | null;
}

/** The streaming state a summary is built from: memory grows with the candidates, not the samples. */
export interface Tally {
  aggregator: Aggregator;
  cascades: CascadeCollector | null;
}

/** Folds one record into the tally. */
export function tallyRecord(tally: Tally, r: SampleRecord): void {
  tally.aggregator.add(r);
  tally.cascades?.add(r);
}

/** An empty tally for these facts, with the stops the facts already know applied. */
export function openTally(facts: Pick<RunFacts, 'candidates' | 'cascades' | 'caseGroups'>): Tally {
  const aggregator = createAggregator(facts.candidates, { groups: facts.caseGroups });
  for (const c of facts.candidates) {
    if (c.earlyStopReason) aggregator.stopEarly(c.id, c.earlyStopReason);
    if (c.stopError) aggregator.stopWithError(c.id, c.stopError);
  }
  const cascades = facts.cascades.length > 0 ? createCascadeCollector(facts.cascades) : null;
  return { aggregator, cascades };
}

/**
 * The summary of a tally: every candidate's figures, the frontier, the pick, the cascades and the
 * oracle, prompt caching and the calculator, next to the run's facts.
 */
export function summarize(tally: Tally, facts: SummaryFacts): Summary {
  const qualityBar = facts.qualityBar;
  const minCoverage = facts.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const figures = tally.aggregator.finish({
    qualityBar,
    tasksPerDay: facts.projection?.tasksPerDay ?? null,
    minCoverage,
    prices: facts.prices.models,
  });
  const candidates = enrichCandidates(figures, facts);
  // the keys in summary.json's order
  return {
    suite: facts.suite,
    suiteHash: facts.suiteHash,
    runId: facts.runId,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    durationMs: facts.durationMs,
    prices: facts.prices,
    budgetUsd: facts.budgetUsd,
    spentUsd: facts.spentUsd,
    savedByCacheUsd: facts.savedByCacheUsd,
    stoppedReason: facts.stoppedReason,
    samplesNotRun: candidates.reduce((n, c) => n + c.notRun, 0),
    qualityBar,
    projection: facts.projection,
    gate: facts.gate,
    shard: facts.shard,
    recommendation: {
      ...pickRecommendation(candidates, qualityBar),
      provisional: provisionalLabel(candidates, facts.stoppedReason, minCoverage),
    },
    candidates,
    ...tally.cascades?.finish({ qualityBar, candidates: figures }),
    ...(facts.repriced !== undefined && { repriced: facts.repriced }),
    minCoverage,
    ...tally.aggregator.breakdown(candidates),
    ...(facts.comparedPick !== undefined && { comparedPick: facts.comparedPick }),
  };
}

/** Stops after which the run is partial: what it measured is not what was planned. */
export const PARTIAL_STOPS: ReadonlySet<string> = new Set(['interrupted', 'budget', 'replay_miss']);

/**
 * `provisional: N of M samples` when the run is partial, or null. A `minCoverage` of 0
 * (`--allow-incomplete`) accepts a partial run as it is.
 */
export function provisionalLabel(
  candidates: Pick<CandidateSummary, 'samples' | 'notRun'>[],
  stopped: SummaryFacts['stoppedReason'],
  minCoverage: number,
): string | null {
  if (stopped === null || !PARTIAL_STOPS.has(stopped) || minCoverage === 0) return null;
  const run = candidates.reduce((n, c) => n + c.samples, 0);
  const planned = candidates.reduce((n, c) => n + c.samples + c.notRun, 0);
  return `provisional: ${run} of ${planned} samples`;
}

/**
 * Streams the records once into a tally and summarises it. A record of a candidate the facts do
 * not list is ignored.
 *
 * @example const summary = await summarizeRecords(readRecords('results/demo/RUN/records.jsonl'), factsOf(old));
 */
export async function summarizeRecords(
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
  facts: RunFacts,
): Promise<Summary> {
  const tally = openTally(facts);
  for await (const r of records) tallyRecord(tally, r);
  return summarize(tally, facts);
}

/**
 * The facts a summary holds, to build it again from its records (merge, reprice, report).
 * `repeats` is the run's (run.json's `options.repeats`): the summary does not record it, and with
 * repeats the accuracy interval is over cases.
 */
export function factsOf(summary: Summary, repeats = 1): RunFacts {
  const {
    samplesNotRun: _n,
    recommendation: _r,
    candidates,
    cascades: _c,
    oracle: _o,
    groups: _g,
    scorers: _s,
    ...run
  } = summary;
  return {
    ...run,
    candidates: candidates.map((c) => candidateFacts(c, repeats)),
    cascades: cascadeSpecsOf(summary),
  };
}

function candidateFacts(c: CandidateSummary, repeats: number): CandidateFacts {
  return {
    id: c.id,
    model: c.model,
    prompt: c.prompt,
    provider: c.provider,
    planned: c.samples + c.notRun,
    repeats,
    earlyStopReason: c.earlyStopped ? c.earlyStopReason : null,
    stopError: c.stopError,
  };
}
