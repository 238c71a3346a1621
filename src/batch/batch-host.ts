import type PQueue from 'p-queue';
import type { Ledger } from '../budget/ledger.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { Candidate, ResolvedModel } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { SampleError } from '../errors.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { Tokenizer } from '../pricing/tokenizer.ts';
import type { Provider } from '../providers/provider.ts';
import type { Redact } from '../providers/redact.ts';
import type { RetryDeps, RetryPolicy } from '../retry/with-retry.ts';
import type { CacheMode } from '../runner/metered-chat.ts';
import type { SampleDeps } from '../runner/run-sample.ts';
import type { BatchApi } from './batch-api.ts';
import type { BatchBook } from './batch-book.ts';

/** How the runner should treat one sample it is handed by the batch path. */
export interface SampleOverride {
  /** Replaces parts of the sample's deps (provider, ledger, cache, batch pricing). */
  deps?: Partial<SampleDeps>;
  /** Run even after a budget stop or an early stop: the request is already paid for, or free. */
  force?: boolean;
  /** Adjusts the finished record before it is written. */
  adjust?(r: SampleRecord): SampleRecord;
}

/** What the batch path needs from the run. */
export interface BatchHost {
  runId: string;
  book: BatchBook;
  ledger: Ledger;
  cache: ResponseCache | null;
  cacheMode: CacheMode;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  /** First poll interval; it grows by half each poll up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** Most lines in one provider batch. */
  batchSize: number;
  /** The sample is already in records.jsonl (a resumed run). */
  isDone(candidate: string, caseId: string, repeat: number): boolean;
  /** The candidate stopped early or its model failed (auth). */
  isStopped(c: Candidate): boolean;
  /** Runs one sample through the normal path (with overrides) and records it. */
  run(c: Candidate, cs: CaseRow, repeat: number, over?: SampleOverride): Promise<void>;
  /** The model cannot run (auth failure, or its batch could not be submitted or collected). */
  failModel(modelId: string, error: SampleError): void;
  /** A progress line for people. */
  progress(line: string): void;
  /** Takes the run's keys out of error messages. */
  redact: Redact;
  /** Counts prompt tokens for the budget's reservations. */
  tokenizer: Tokenizer;
}

export interface BatchGroup {
  /** Which batch API the group's endpoint speaks (the sim speaks OpenAI's). */
  kind: BatchApi['api'];
  /** The candidate's live provider: request bodies, cache keys, and retries of failed lines. */
  providerFor(c: Candidate): Provider;
  apiFor(model: ResolvedModel): BatchApi;
  candidates: Candidate[];
  cases: CaseRow[];
  repeats: number;
  queue: PQueue;
}

/** Whether a group's samples can go through a batch API: plain prompts on OpenAI, Anthropic or the sim. */
export function canBatch(providerName: string, hasTask: boolean, cacheMode: CacheMode): boolean {
  return (
    !hasTask &&
    cacheMode !== 'replay' &&
    (providerName === 'openai' || providerName === 'anthropic' || providerName === 'sim')
  );
}
