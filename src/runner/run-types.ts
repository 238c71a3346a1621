import type { SampleRecord } from '../log/records-file.ts';
import type { Summary } from '../log/summary-file.ts';
import type { Redactor } from '../providers/redact.ts';
import type { SimServer } from '../providers/sim/server.ts';
import type { BatchStore } from './batch-store.ts';
import type { CacheMode } from './metered-chat.ts';
import type { Plan } from './plan.ts';
import type { Selection } from './selection.ts';

export interface RunOptions extends Selection {
  cacheMode: CacheMode;
  cacheDir: string;
  /** Records already in the run folder (`--resume`): not sent again, already spent. Read once: it may be a stream of records.jsonl. */
  previous?: Iterable<SampleRecord>;
  runId: string;
  /** The run's plan, when the caller already made it. @default makePlan(suite, options) */
  plan?: Plan;
  /** Send plain-prompt samples through the providers' batch APIs at batch prices (`--batch`). */
  batch?: boolean;
  /** First batch poll interval (it grows by half each poll, to 30 s). @default 1000 */
  batchPollMs?: number;
  /** Most requests in one provider batch. @default 10000 */
  batchSize?: number;
}

export interface RunDeps {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  now(): number;
  random(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The run's redactor: keys it reads are registered on it. @default a fresh one */
  redactor?: Redactor;
  /** Called with each finished record, in finishing order (the CLI appends it to records.jsonl). */
  onRecord(r: SampleRecord): void;
  /** Called once with a live view for progress displays. */
  onStart?(live: LiveRun): void;
  /**
   * Called once when every live sample left has a request slot or is done: the last round, when
   * the process mostly waits for answers (work that must follow the run can get ready then).
   */
  onLastRound?(): void;
  fetch?: typeof fetch;
  /** A simulator already running (tests); otherwise one is started when a model uses `sim`. */
  sim?: SimServer;
  /** Where `--batch` remembers submitted batches (the run folder's batches.json). @default in memory */
  batchStore?: BatchStore;
  /** A line of batch progress (submitted, polled, collected). */
  onBatchProgress?(line: string): void;
}

export interface LiveRun {
  candidates: Array<{ id: string; planned: number }>;
  peek(
    id: string,
  ): { samples: number; passed: number; cost: number | null; earlyStopped: boolean } | undefined;
  spent(): number;
  budgetUsd: number | null;
  /** Samples go through the providers' batch APIs (`--batch`). */
  batch: boolean;
}

export interface RunResult {
  summary: Summary;
  /** The first --replay miss, which makes the run fail with exit 2. */
  replayMiss: Error | null;
}
