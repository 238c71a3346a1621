/**
 * The plain data that flows between tollgate's rooms: tokens, attempts, sample records and the
 * run summary. Field names are part of the file formats (see the README's run folder table).
 */

/** Normalised usage. `input` is only the uncached prompt tokens; `reasoning` is part of `output`. */
export interface Tokens {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

export type ErrorKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'malformed'
  | 'auth'
  | 'bad_request'
  | 'budget'
  | 'task';

export interface SampleError {
  kind: ErrorKind;
  message: string;
  status: number | null;
}

/** One request sent to a provider (or answered by the cache). */
export interface AttemptRecord {
  /** HTTP status, or null when no response came back (connection error, timeout). */
  status: number | null;
  latencyMs: number;
  /** Usage the response reported, or null when it reported none. */
  tokens: Tokens | null;
  /** List-price cost of this attempt; null when the price is unknown. 0 when no usage was reported. */
  costUsd: number | null;
  /** What this attempt was actually paid: 0 for a cache hit. */
  spentUsd: number | null;
  cached: boolean;
  error: SampleError | null;
  /** Which ledger paid: the candidate's or the judge's. */
  ledger: 'candidate' | 'judge';
  /** The response reported no usage: `tokens` were counted locally and `costUsd` priced on them. */
  usageEstimated?: true;
}

export interface ScoreResult {
  /** The scorer's name, e.g. `equals` or a custom name. */
  scorer: string;
  pass: boolean;
  /** 0..1 */
  score: number;
  /** Why it passed or failed, for people. */
  reason: string;
}

export type SampleStatus = 'passed' | 'failed' | 'error';

/** One line of records.jsonl. */
export interface SampleRecord {
  candidate: string;
  model: string;
  prompt: string;
  caseId: string;
  repeat: number;
  status: SampleStatus;
  output: string | null;
  scores: ScoreResult[];
  /** Requests sent to the provider for this sample (retries included, cache hits excluded). */
  attempts: number;
  retries: number;
  tokens: Tokens;
  /** List-price cost of every candidate attempt that reported usage; null when a price is unknown. */
  costUsd: number | null;
  /** What this run paid for this sample's candidate calls (cache hits are $0). */
  spentUsd: number | null;
  cached: boolean;
  latencyMs: number;
  error: SampleError | null;
  /** Model calls this sample made (1 for a plain prompt, more for a task). */
  calls: number;
  /** Judge usage charged to the judge ledger, never to the candidate. */
  judge: { attempts: number; tokens: Tokens; costUsd: number | null; spentUsd: number | null } | null;
  /** Every attempt in order. */
  attemptLog: AttemptRecord[];
}

/** One case of the dataset, as stored in the run folder (`cases.jsonl`) for the reports. */
export interface CaseRow {
  id: string;
  fields: Record<string, unknown>;
}

export interface ModelPrice {
  /** USD per 1M uncached input tokens. */
  input: number;
  /** USD per 1M output tokens. */
  output: number;
  /** USD per 1M cache-read tokens. */
  cacheRead: number;
  /** USD per 1M cache-write tokens. */
  cacheWrite: number;
  /** Multiplier for batch requests, e.g. 0.5. */
  batchDiscount: number;
}

export interface PricesUsed {
  asOf: string;
  source: string;
  /** null when the model is unpriced and the run used `--allow-unpriced`. */
  models: Record<string, ModelPrice | null>;
}

export type StoppedReason = null | 'budget' | 'interrupted' | 'candidate_failed' | 'replay_miss';

export interface CandidateSummary {
  id: string;
  model: string;
  prompt: string;
  provider: string;
  samples: number;
  passed: number;
  failed: number;
  errored: number;
  /** Samples planned but not run (budget, early stop, interrupt). */
  notRun: number;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  tokens: Tokens;
  requests: number;
  retries: number;
  cachedSamples: number;
  calls: number;
  /** Attempts whose response reported no usage: their tokens were counted locally (`usageEstimated`). Absent in summaries written before it was counted. */
  usageEstimatedAttempts?: number;
  meanCallsPerSample: number | null;
  costUsd: number | null;
  spentUsd: number | null;
  judgeCostUsd: number | null;
  costPerSuccessUsd: number | null;
  costPerSampleUsd: number | null;
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  meetsBar: boolean | null;
  onFrontier: boolean;
  earlyStopped: boolean;
  earlyStopReason: string | null;
  /** Estimated spend that early stopping avoided. */
  savedUsd: number | null;
  projectedMonthlyUsd: number | null;
  /** Why the candidate could not run (auth failure), or null. */
  stopError: SampleError | null;
  /**
   * Share of prompt tokens served from the provider's prompt cache:
   * cacheRead / (input + cacheRead + cacheWrite). null when no prompt tokens were reported.
   * (Absent in summaries written before prompt-caching figures existed.)
   */
  promptCacheShare?: number | null;
  /**
   * What prompt caching saved at list price: the cache-read tokens at the input price minus at the
   * cache-read price, less the cache-write premium (cacheWrite tokens × (cacheWrite − input price)).
   * null when the model is unpriced.
   */
  cachingSavedUsd?: number | null;
  /** The production calculator's figures at the suite's `projection`; null without one. */
  calculator?: CalculatorFigures | null;
}

/**
 * The production calculator for one candidate (src/analysis/calculator.ts), from its measured cost
 * per sample (retries, extra calls and failed tasks included). Monthly means 30 days.
 */
export interface CalculatorFigures {
  tasksPerDay: number;
  /** tasksPerDay × 30 */
  tasksPerMonth: number;
  /** API cost per month: tasksPerMonth × costPerSampleUsd (= projectedMonthlyUsd). */
  apiMonthlyUsd: number | null;
  monitoringMonthlyUsd: number;
  /** humanReviewUsdPerTask × tasksPerMonth */
  humanReviewMonthlyUsd: number;
  /** apiMonthlyUsd + monitoringMonthlyUsd + humanReviewMonthlyUsd */
  monthlyTotalUsd: number | null;
  /** monthlyTotalUsd / (tasksPerMonth × accuracy): everything paid, per task that succeeded. */
  allInCostPerSuccessUsd: number | null;
  growth: number;
  /** monthlyTotalUsd × 12 × growth */
  yearOneUsd: number | null;
  /** Measured tokens per sample (prompt, cached or not, plus output). */
  tokensPerTask: number | null;
  /** Self-hosting (only with `projection.selfHost`): one GPU running all month, gpuUsdPerHour × 24 × 30. */
  selfHostGpuMonthlyUsd: number | null;
  /** tokensPerSecond × 86400 / tokensPerTask: tasks one GPU can serve a day. */
  selfHostCapacityTasksPerDay: number | null;
  /** selfHostGpuMonthlyUsd / (30 × costPerSampleUsd): the volume where one GPU costs what the API does. */
  selfHostBreakEvenTasksPerDay: number | null;
  /** selfHostBreakEvenTasksPerDay × tokensPerTask */
  selfHostBreakEvenTokensPerDay: number | null;
  /** Whether one GPU can serve the break-even volume; if not, self-hosting never pays off at this price. */
  selfHostCanServeBreakEven: boolean | null;
  /** GPUs needed for tasksPerDay: ceil(tasksPerDay / selfHostCapacityTasksPerDay). */
  selfHostGpusAtVolume: number | null;
  /** selfHostGpusAtVolume × selfHostGpuMonthlyUsd */
  selfHostMonthlyUsdAtVolume: number | null;
}

/** A cascade simulated from the recorded per-case results (src/analysis/cascade.ts). */
/** The figures every point on the cost/quality chart has: accuracy with its 95% interval, and cost. */
export interface QualityAndCost {
  samples: number;
  passed: number;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  costUsd: number | null;
  costPerSuccessUsd: number | null;
  costPerSampleUsd: number | null;
}

export interface CascadeSummary extends QualityAndCost {
  id: string;
  /** Candidate ids, cheapest first: step 1 answers, the next one answers when the check fails. */
  steps: string[];
  /** The runtime check, kept so report, reprice and merge can simulate the cascade again. */
  escalateWhen: import('./config/schema.ts').CascadeConfig['escalateWhen'];
  /** Cases × repeats simulated: those where every step has a record. */
  samples: number;
  /** The cost of the steps actually taken, summed over the samples. */
  costUsd: number | null;
  /** Share of samples that went past step 1. */
  escalationRate: number | null;
  /** Samples answered by each step, keyed by candidate id. */
  answeredBy: Record<string, number>;
  meetsBar: boolean | null;
  /** No candidate or other cascade is both cheaper per success and at least as accurate. */
  onFrontier: boolean;
  /** Cases × repeats left out because a step has no record for them (not run, another shard). */
  skipped: number;
}

/**
 * The oracle router: per case, the cheapest candidate that passed (the cheapest one, as a failure,
 * when none passed). A bound: no real router is more accurate, and none gets a case right for less.
 */
export interface OracleSummary extends QualityAndCost {
  /** The candidates it chose among. */
  candidates: string[];
}

/** The suite's `projection`, as the summary records it. */
export type ProjectionConfig = NonNullable<import('./config/schema.ts').SuiteConfig['projection']>;

export interface Recommendation {
  /** The pick, or null when nothing clears the bar. */
  candidate: string | null;
  reason: string;
  /** The cheapest candidate whose point estimate clears the bar, when it differs from the pick. */
  pointEstimateCandidate: string | null;
  /** When nothing clears the bar: the candidate closest to it. */
  closest: string | null;
}

export interface Summary {
  suite: string;
  /** sha256 of the suite's resolved config and dataset; the gate reports a change. */
  suiteHash: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  prices: PricesUsed;
  budgetUsd: number | null;
  spentUsd: { candidates: number; judge: number; total: number };
  /** Spend the response cache avoided in this run. */
  savedByCacheUsd: number;
  stoppedReason: StoppedReason;
  samplesNotRun: number;
  qualityBar: number | null;
  /** The suite's whole `projection` (tasks per day and the calculator's extras), or null. */
  projection: ProjectionConfig | null;
  /** The suite's gate thresholds. */
  gate: { maxAccuracyDrop: number; maxCostIncrease: number };
  /** The shard this run covered, e.g. `{index: 1, count: 4}`, or null. */
  shard: { index: number; count: number } | null;
  recommendation: Recommendation;
  candidates: CandidateSummary[];
  /** With `cascades` in the suite: each cascade simulated from the records. */
  cascades?: CascadeSummary[];
  /** With `cascades` in the suite: the oracle-router bound over every candidate. */
  oracle?: OracleSummary | null;
  /** Set by `tollgate reprice`: where the costs came from. Spend (`spentUsd`) is kept as recorded. */
  repriced?: { from: string; pricesFile: string; at: string } | null;
}
