/**
 * The plain data that flows between tollgate's rooms: tokens, attempts, sample records and the
 * run summary. Field names follow SPEC.md exactly; they are part of the file formats.
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
}

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
  projection: { tasksPerDay: number } | null;
  /** The suite's gate thresholds. */
  gate: { maxAccuracyDrop: number; maxCostIncrease: number };
  /** The shard this run covered, e.g. `{index: 1, count: 4}`, or null. */
  shard: { index: number; count: number } | null;
  recommendation: Recommendation;
  candidates: CandidateSummary[];
}
