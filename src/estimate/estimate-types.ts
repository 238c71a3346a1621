import type { ResponseCache } from '../cache/response-cache.ts';
import type { Selection } from '../runner/selection.ts';
import type { SampleSizePlan } from './sample-size-plan.ts';

/** What `tollgate estimate` reports: the shapes of its `--json` output. */

export interface EstimateOptions extends Selection {
  /** The response cache, read for history (never written). null: no history at all. */
  cache: ResponseCache | null;
  /** Whether the run would answer hits from the cache (false for `--no-cache`): hits then spend $0. */
  cacheUsed: boolean;
  env: Record<string, string | undefined>;
  allowUnpriced?: boolean;
}

export interface CandidateEstimate {
  id: string;
  model: string;
  prompt: string;
  provider: string;
  samples: number;
  /** Samples whose response the cache holds. */
  cachedSamples: number;
  /** Expected prompt and output tokens over all samples. */
  promptTokens: number;
  outputTokens: number;
  /** Expected list-price cost of the candidate's calls (judges excluded, as in `costUsd`). */
  expectedUsd: number | null;
  /** Every sample at its worst case: what the budget would reserve for one attempt each. */
  worstCaseUsd: number | null;
  /** What the run would pay: as above, with cache hits at $0. */
  expectedSpendUsd: number | null;
  worstCaseSpendUsd: number | null;
  /** The judge calls this candidate's samples cause (they go to the judge ledger). */
  judgeExpectedUsd: number | null;
  judgeWorstCaseUsd: number | null;
  /** How many samples took their output tokens from each source. */
  outputFrom: Record<'cache' | 'history' | 'reference' | 'maxTokens', number>;
  /** Expected hidden reasoning tokens over all samples: part of `outputTokens`, billed as output. */
  reasoningTokens: number;
  /**
   * How many samples took their reasoning tokens from each source: the cache (exact), the cached
   * history's mean, or the model's default (src/estimate/reasoning-defaults.ts).
   */
  reasoningFrom: Record<'cache' | 'history' | 'default', number>;
  /** Some reasoning tokens are estimated (history or default), not known from the cache. */
  reasoningEstimated: boolean;
  /** The model's default reasoning per call, when it is a reasoning model. */
  reasoningDefault: { family: string; tokens: number; source: string } | null;
}

export interface SuiteEstimate {
  suite: string;
  samples: number;
  cachedSamples: number;
  /** Candidates and judges together. */
  expectedUsd: number | null;
  worstCaseUsd: number | null;
  expectedSpendUsd: number | null;
  worstCaseSpendUsd: number | null;
  budgetUsd: number | null;
  /** How the spend compares with the budget. */
  budget: BudgetOutlook;
  judge: { expectedUsd: number | null; worstCaseUsd: number | null } | null;
  /** Wall-clock estimate at the configured concurrency: the slowest endpoint's queue. */
  durationMs: number;
  endpoints: Array<{ endpoint: string; concurrency: number; samples: number; durationMs: number }>;
  qualityBar: number | null;
  earlyStop: boolean;
  /** Whether the suite has enough cases for a pick and for the gate (src/estimate/sample-size-plan.ts). */
  planner: SampleSizePlan;
  candidates: CandidateEstimate[];
  notes: string[];
}

export type BudgetOutlook =
  | { verdict: 'none' }
  | { verdict: 'unknown'; reason: string }
  /** Even the worst case fits. */
  | { verdict: 'fits' }
  /** The expected spend fits; the worst case does not. */
  | { verdict: 'may-exceed' }
  /** The expected spend does not fit: the run will stop at the budget, after about this many samples. */
  | { verdict: 'exceeds'; samplesAffordable: number };
