/**
 * `summary.json`: the run's figures per candidate, cascade and oracle, and the pick. Field names
 * and order are part of the file format. Version 1 (no `version` field) and 2 have the same shape;
 * 2 adds `version`. Version 3 adds, in `prices`, each model's origin (`origins`: table and its date,
 * a dated override, the suite's `price:`, a prices file), context `tiers`, and `batch`; the
 * breakdowns (`groupBy`, `groups`, `scorers`); and each candidate's `meanTokensPerSample`. All are
 * optional, so a reader of an older summary finds them absent.
 */
import { z } from 'zod';
import { runtimeCheckSchema, suiteSchema } from '../config/schema.ts';
import { pricesUsedSchema } from '../pricing/model-price.ts';
import { tokensSchema } from '../pricing/tokens.ts';
import { inputBreakdownSchema, sampleErrorSchema } from './records-file.ts';

/** The summary version this code writes. */
export const SUMMARY_VERSION = 3;

const num = z.number().nullable();

/**
 * The production calculator for one candidate (src/analysis/calculator.ts), from its measured cost
 * per sample (retries, extra calls and failed tasks included). Monthly means 30 days.
 */
export const calculatorFiguresSchema = z.object({
  tasksPerDay: z.number(),
  /** tasksPerDay × 30 */
  tasksPerMonth: z.number(),
  /** API cost per month: tasksPerMonth × costPerSampleUsd (= projectedMonthlyUsd). */
  apiMonthlyUsd: num,
  monitoringMonthlyUsd: z.number(),
  /** humanReviewUsdPerTask × tasksPerMonth */
  humanReviewMonthlyUsd: z.number(),
  /** apiMonthlyUsd + monitoringMonthlyUsd + humanReviewMonthlyUsd */
  monthlyTotalUsd: num,
  /** monthlyTotalUsd / (tasksPerMonth × accuracy): everything paid, per task that succeeded. */
  allInCostPerSuccessUsd: num,
  growth: z.number(),
  /** monthlyTotalUsd × 12 × growth */
  yearOneUsd: num,
  /** Measured tokens per sample (prompt, cached or not, plus output). */
  tokensPerTask: num,
  /** Self-hosting (only with `projection.selfHost`): one GPU running all month, gpuUsdPerHour × 24 × 30. */
  selfHostGpuMonthlyUsd: num,
  /**
   * Tasks one GPU can serve a day: 86400 × utilisation / (promptTokensPerTask / promptTokensPerSecond
   * + outputTokensPerTask / outputTokensPerSecond).
   */
  selfHostCapacityTasksPerDay: num,
  /** selfHostGpuMonthlyUsd / (30 × costPerSampleUsd): the volume where one GPU costs what the API does. */
  selfHostBreakEvenTasksPerDay: num,
  /** selfHostBreakEvenTasksPerDay × tokensPerTask */
  selfHostBreakEvenTokensPerDay: num,
  /** Whether one GPU can serve the break-even volume; if not, self-hosting never pays off at this price. */
  selfHostCanServeBreakEven: z.boolean().nullable(),
  /** GPUs needed for tasksPerDay: ceil(tasksPerDay / selfHostCapacityTasksPerDay). */
  selfHostGpusAtVolume: num,
  /** selfHostGpusAtVolume × selfHostGpuMonthlyUsd */
  selfHostMonthlyUsdAtVolume: num,
  /** Measured prompt tokens (cached or not) per sample. Absent in older summaries (as are the next three). */
  promptTokensPerTask: num.optional(),
  /** Measured output tokens (reasoning included) per sample. */
  outputTokensPerTask: num.optional(),
  /** Whether the judge's cost per sample is inside the API cost (`projection.includeJudge`). */
  judgeIncluded: z.boolean().optional(),
  /** The share of the day a self-hosted GPU is assumed busy (`selfHost.utilisation`, default 0.5). */
  selfHostUtilisation: num.optional(),
});

export const candidateSummarySchema = z.object({
  id: z.string(),
  model: z.string(),
  prompt: z.string(),
  provider: z.string(),
  samples: z.number(),
  passed: z.number(),
  failed: z.number(),
  errored: z.number(),
  /** Samples planned but not run (budget, early stop, interrupt). */
  notRun: z.number(),
  accuracy: num,
  accuracyLow: num,
  accuracyHigh: num,
  tokens: tokensSchema,
  requests: z.number(),
  retries: z.number(),
  cachedSamples: z.number(),
  calls: z.number(),
  /** Attempts whose response reported no usage (their tokens were counted locally). Absent in older summaries. */
  usageEstimatedAttempts: z.number().optional(),
  meanCallsPerSample: num,
  costUsd: num,
  spentUsd: num,
  judgeCostUsd: num,
  costPerSuccessUsd: num,
  costPerSampleUsd: num,
  latencyMsP50: num,
  latencyMsP95: num,
  meetsBar: z.boolean().nullable(),
  onFrontier: z.boolean(),
  earlyStopped: z.boolean(),
  earlyStopReason: z.string().nullable(),
  /** Estimated spend that early stopping avoided. */
  savedUsd: num,
  projectedMonthlyUsd: num,
  /** Why the candidate could not run (auth failure), or null. */
  stopError: sampleErrorSchema.nullable(),
  /**
   * Share of prompt tokens served from the provider's prompt cache:
   * cacheRead / (input + cacheRead + cacheWrite). null when no prompt tokens were reported.
   * (Absent in summaries written before prompt-caching figures existed.)
   */
  promptCacheShare: num.optional(),
  /**
   * What prompt caching saved at list price: the cache-read tokens at the input price minus at the
   * cache-read price, less the cache-write premium (cacheWrite tokens × (cacheWrite − input price)).
   * null when the model is unpriced.
   */
  cachingSavedUsd: num.optional(),
  /** The production calculator's figures at the suite's `projection`; null without one. */
  calculator: calculatorFiguresSchema.nullable().optional(),
  /**
   * Samples scored: passed, failed, and errors that are the candidate's failure (src/analysis/outcome.ts).
   * Accuracy is passed / scored. (This and the fields below are absent in older summaries.)
   */
  scored: z.number().optional(),
  /** Samples run but not scored: transport, timeout, rate limit, server, auth, budget, judge, … */
  notScored: z.number().optional(),
  /**
   * scored / planned, where samples early stopping chose not to run are not planned; null when
   * nothing was planned.
   */
  coverage: num.optional(),
  /** Error samples by error kind, e.g. `{connection: 12}`. */
  errorsByKind: z.record(z.string(), z.number()).optional(),
  /** One redacted example message per error kind. */
  errorExamples: z.record(z.string(), z.string()).optional(),
  /** Coverage below the run's `minCoverage`: never picked, never on the frontier. */
  incomplete: z.boolean().optional(),
  /**
   * Tokens per sample (prompt, cached or not, plus output), the figure the gate's token-inflation
   * check compares; null when nothing ran. Absent before version 3.
   */
  meanTokensPerSample: num.optional(),
  /** Model calls per sample (a task's calls; 1 for a plain prompt), nearest-rank p50 and p95. */
  callsPerTaskP50: num.optional(),
  callsPerTaskP95: num.optional(),
  /** Tokens per sample (prompt, cached, cache-written and output, retries included), p50 and p95. */
  tokensPerTaskP50: num.optional(),
  tokensPerTaskP95: num.optional(),
  /** Samples stopped by a per-task limit: failures of kind `limit`, their spend counted in full. */
  limitHits: z.number().optional(),
  /** The tasks' input tokens by source (estimated locally), summed; null when no sample was a task. */
  inputBreakdown: inputBreakdownSchema.nullable().optional(),
});

/**
 * One candidate's figures over the cases of one group: the cases whose `column` holds `value`
 * (each element of a list value is a group of its own). Absent before version 3.
 */
export const groupSummarySchema = z.object({
  candidate: z.string(),
  /** The dataset column named in the suite's `groupBy`. */
  column: z.string(),
  /** The column's value, as text; `(none)` for a case without it. */
  value: z.string(),
  /** Cases of the run in this group. */
  cases: z.number(),
  samples: z.number(),
  passed: z.number(),
  scored: z.number(),
  accuracy: num,
  /** The 95% interval: Wilson, over the cases when the run has repeats. */
  accuracyLow: num,
  accuracyHigh: num,
  costUsd: num,
  costPerSuccessUsd: num,
  /** scored / planned (cases × repeats; for an early-stopped candidate, the samples it ran). */
  coverage: num,
  /** The candidate's lowest accuracy among this column's groups. */
  weakest: z.boolean(),
});

/** One scorer's pass rate for one candidate, over the samples it scored. Absent before version 3. */
export const scorerSummarySchema = z.object({
  candidate: z.string(),
  scorer: z.string(),
  /** Samples this scorer returned a verdict on. */
  scored: z.number(),
  passed: z.number(),
  passRate: num,
});

/** The figures every point on the cost/quality chart has: accuracy with its 95% interval, and cost. */
export const qualityAndCostSchema = z.object({
  samples: z.number(),
  passed: z.number(),
  accuracy: num,
  accuracyLow: num,
  accuracyHigh: num,
  costUsd: num,
  costPerSuccessUsd: num,
  costPerSampleUsd: num,
});

/** A cascade simulated from the recorded per-case results (src/analysis/cascade.ts). */
export const cascadeSummarySchema = qualityAndCostSchema.extend({
  id: z.string(),
  /** Candidate ids, cheapest first: step 1 answers, the next one answers when the check fails. */
  steps: z.array(z.string()),
  /** The runtime check, kept so report, reprice and merge can simulate the cascade again. */
  escalateWhen: runtimeCheckSchema,
  /** Cases × repeats simulated: those where every step has a record. */
  samples: z.number(),
  /** The cost of the steps actually taken, summed over the samples. */
  costUsd: num,
  /** Share of samples that went past step 1. */
  escalationRate: num,
  /** Samples answered by each step, keyed by candidate id. */
  answeredBy: z.record(z.string(), z.number()),
  meetsBar: z.boolean().nullable(),
  /** No candidate or other cascade is both cheaper per success and at least as accurate. */
  onFrontier: z.boolean(),
  /** Cases × repeats left out because a step has no record for them (not run, another shard). */
  skipped: z.number(),
  /**
   * The judge calls the check made on the steps before the last, included in `costUsd` (0 for a
   * regex, JSON Schema or non-judge scorer check; null when one is unpriced). Absent in older summaries.
   */
  checkCostUsd: num.optional(),
  /**
   * Set when the check reads the reference answer, which production does not have: e.g.
   * `optimistic: its check uses the reference (equals reads "expected")`. Such a cascade is shown
   * but never on the frontier. null when the check is reference-free; absent in older summaries.
   */
  optimistic: z.string().nullable().optional(),
});

/**
 * The oracle router: per case, the cheapest candidate that passed (the cheapest one, as a failure,
 * when none passed). A bound: no real router is more accurate, and none gets a case right for less.
 */
export const oracleSummarySchema = qualityAndCostSchema.extend({
  /** The candidates it chose among. */
  candidates: z.array(z.string()),
});

/** The suite's `projection`, as the summary records it. */
export const projectionConfigSchema = suiteSchema.shape.projection.unwrap();

export const recommendationSchema = z.object({
  /** The pick, or null when nothing clears the bar. */
  candidate: z.string().nullable(),
  reason: z.string(),
  /** The cheapest candidate whose point estimate clears the bar, when it differs from the pick. */
  pointEstimateCandidate: z.string().nullable(),
  /** When nothing clears the bar: the candidate closest to it. */
  closest: z.string().nullable(),
  /**
   * Set when the run is partial (interrupted, budget, replay miss): e.g. `provisional: 29 of 210
   * samples`. null or absent for a full run.
   */
  provisional: z.string().nullable().optional(),
});

export const stoppedReasonSchema = z
  .enum(['budget', 'interrupted', 'candidate_failed', 'replay_miss'])
  .nullable();

export const summarySchema = z.object({
  suite: z.string(),
  /** sha256 of the suite's resolved config and dataset; the gate reports a change. */
  suiteHash: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  prices: pricesUsedSchema,
  budgetUsd: num,
  spentUsd: z.object({ candidates: z.number(), judge: z.number(), total: z.number() }),
  /** Spend the response cache avoided in this run. */
  savedByCacheUsd: z.number(),
  stoppedReason: stoppedReasonSchema,
  samplesNotRun: z.number(),
  qualityBar: num,
  /** The suite's whole `projection` (tasks per day and the calculator's extras), or null. */
  projection: projectionConfigSchema.nullable(),
  /** The suite's gate thresholds. */
  gate: z.object({
    maxAccuracyDrop: z.number(),
    maxCostIncrease: z.number(),
    /** Absent before version 3 (the gate then uses its default, 0.20). */
    maxTokenIncrease: z.number().optional(),
  }),
  /** The shard this run covered, e.g. `{index: 1, count: 4}`, or null. */
  shard: z.object({ index: z.number(), count: z.number() }).nullable(),
  recommendation: recommendationSchema,
  candidates: z.array(candidateSummarySchema),
  /** With `cascades` in the suite: each cascade simulated from the records. */
  cascades: z.array(cascadeSummarySchema).optional(),
  /** With `cascades` in the suite: the oracle-router bound over every candidate. */
  oracle: oracleSummarySchema.nullable().optional(),
  /** Set by `tollgate reprice`: where the costs came from. Spend (`spentUsd`) is kept as recorded. */
  repriced: z.object({ from: z.string(), pricesFile: z.string(), at: z.string() }).nullable().optional(),
  /** The file version: 3 as written now; a version-1 summary has none. */
  version: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /**
   * The least coverage a candidate needs to be picked (the suite's `minCoverage`; 0 with
   * `--allow-incomplete`, which also keeps a partial run's pick from being provisional). Absent
   * in older summaries.
   */
  minCoverage: z.number().optional(),
  /** The suite's `groupBy` columns; absent without one (and before version 3). */
  groupBy: z.array(z.string()).optional(),
  /** With `groupBy`: each candidate's figures per group, column by column, in dataset order. */
  groups: z.array(groupSummarySchema).optional(),
  /** Each scorer's pass rate per candidate (absent before version 3). */
  scorers: z.array(scorerSummarySchema).optional(),
});

export type CalculatorFigures = z.infer<typeof calculatorFiguresSchema>;
export type CandidateSummary = z.infer<typeof candidateSummarySchema>;
export type QualityAndCost = z.infer<typeof qualityAndCostSchema>;
export type GroupSummary = z.infer<typeof groupSummarySchema>;
export type ScorerSummary = z.infer<typeof scorerSummarySchema>;
export type CascadeSummary = z.infer<typeof cascadeSummarySchema>;
export type OracleSummary = z.infer<typeof oracleSummarySchema>;
export type ProjectionConfig = z.infer<typeof projectionConfigSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type StoppedReason = z.infer<typeof stoppedReasonSchema>;
export type Summary = z.infer<typeof summarySchema>;
