import type { GateResult } from '../gate/types.ts';
import type { Summary } from '../log/summary-file.ts';
import type { Redactor } from '../providers/redact.ts';
import type { SimServer } from '../providers/sim/server.ts';
import type { CacheMode } from '../runner/metered-chat.ts';
import type { LiveRun } from '../runner/run-suite.ts';
import type { Selection } from '../runner/selection.ts';

/** How to run: the selection over the suite, the run folder, the cache, batch, baseline and gate. */
export interface RunEvalOptions extends Selection {
  /** The run folder to create (absolute); it must be new or empty. @default results/SUITE/RUN_ID under deps.cwd */
  out?: string;
  /** A run folder to finish (absolute): its run.json fixes the suite and the selection. */
  resume?: string;
  /** @default 'read-write' */
  cacheMode?: CacheMode;
  /** The response cache folder (absolute). */
  cacheDir: string;
  /** Send plain-prompt samples through the providers' batch APIs. @default false */
  batch?: boolean;
  /** First batch poll interval. @default 1000 */
  batchPollMs?: number;
  /** Run models with no known price. @default false */
  allowUnpriced?: boolean;
  /** Gate the run against the baseline. @default false */
  gate?: boolean;
  /** The baseline file (absolute). @default results/SUITE/baseline.json under deps.cwd */
  baseline?: string;
  /** Write the baseline from this run (a complete, unsharded one only). @default false */
  updateBaseline?: boolean;
  /** Colour the gate's console table. @default false */
  color?: boolean;
  /**
   * Accept incomplete candidates and partial runs: the run's `minCoverage` becomes 0, so they can
   * be picked and gated, and the run does not exit 3 for them. @default false
   */
  allowIncomplete?: boolean;
}

/** Something a caller may show while the run goes on; the workflow words none of it. */
export type RunEvent =
  | { type: 'repaired'; bytes: number }
  | { type: 'started'; suite: string; dir: string; batch: boolean }
  | { type: 'batch-task-live' }
  /** Loading the suite left a param out or raised it (src/providers/sampling-params.ts). */
  | { type: 'suite-warning'; line: string }
  /** `--sample` asks for more cases than the dataset has: every case runs. */
  | { type: 'sample-larger'; sample: number; cases: number }
  | { type: 'batch-progress'; line: string }
  /** Every sample has finished (or the run stopped); the reports come next. */
  | { type: 'samples-done' };

/** Everything the run touches outside itself: injected so a test can run it with no real waiting. */
export interface RunEvalDeps {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  now(): number;
  random(): number;
  /** Must reject when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The run's redactor: its keys are registered on it and kept out of every message. */
  redactor: Redactor;
  onEvent?(e: RunEvent): void;
  /** Called once with a live view for progress displays. */
  onStart?(live: LiveRun): void;
  fetch?: typeof fetch;
  /** A simulator already running (tests); otherwise one is started when a model uses `sim`. */
  sim?: SimServer;
}

/** The gate's verdicts and its console table. */
export interface GateOutcome {
  result: GateResult;
  passed: boolean;
  console: string;
  /** No verdict failed, but one is inconclusive (an incomplete candidate or a partial run). */
  inconclusive?: boolean;
}

/** What `updateBaseline` did: the file written, or why none was. */
export type BaselineOutcome = { written: string } | { skipped: string };

/** Why the run ended, in the order the exit code weighs them (the first that applies). */
export type ExitReason =
  | 'replay_miss'
  | 'interrupted'
  | 'budget'
  | 'candidate_failed'
  | 'gate_failed'
  | 'incomplete'
  | 'ok';

export interface RunEvalResult {
  summary: Summary;
  /** null unless `gate` was asked for (and no baseline update was). */
  gate: GateOutcome | null;
  baseline: BaselineOutcome | null;
  exitReason: ExitReason;
  /** The first `--replay` miss (exitReason 'replay_miss'). */
  replayMiss: Error | null;
  dir: string;
}
