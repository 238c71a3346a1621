import type { Tokenizer } from '../../pricing/tokenizer.ts';
import type { Tokens } from '../../pricing/tokens.ts';
import type { FaultKind, FaultPlan } from './faults.ts';
import type { SimModel } from './sim-model.ts';

/** The simulator's options, its running counters, and what every route reads of them. */

export interface SimRequestInfo {
  /** 0-based count of chat requests so far. */
  index: number;
  path: string;
  model: string;
  body: Record<string, unknown>;
}

export interface SimServerOptions {
  /** Fixed latency for every response, overriding the models' own. */
  latencyMs?: number;
  /** Multiplies the models' own latency. @default 1 */
  latencyScale?: number;
  /** Random faults from a seeded plan. */
  faults?: FaultPlan;
  /** Decide a fault per request (tests). Runs before `faults`. */
  script?: (req: SimRequestInfo) => FaultKind | null;
  /** When set, requests must carry this key (Bearer or x-api-key). */
  apiKey?: string;
  /** How long a `hang` holds the request. @default 120000 */
  hangMs?: number;
  /** Extra models beyond the built-in tiers. */
  models?: Record<string, SimModel>;
  /** How long a batch takes to finish after it is created. @default 200 */
  batchCompleteMs?: number;
  /** Most entries `stats.log` keeps (0 keeps none, for long benchmarks). @default 200000 */
  logLimit?: number;
}

export interface SimLogEntry {
  path: string;
  model: string;
  status: number;
  fault: FaultKind | null;
  tokens: Tokens | null;
}

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
  faults: Partial<Record<FaultKind, number>>;
  /** Usage the server reported in its responses (normalised: `input` excludes cached tokens). */
  served: Tokens;
  log: SimLogEntry[];
  /** Batch API traffic: batches created, lines submitted, and lines answered ok / failed. */
  batches: { created: number; lines: number; succeeded: number; failed: number };
  /** The most requests the server held at once (received, not yet answered). */
  peakInFlight: number;
}

export interface SimContext {
  models: Record<string, SimModel>;
  opts: SimServerOptions;
  stats(): SimStats;
  nextFault(info: SimRequestInfo): FaultKind | null;
  index(): number;
  /** Counts usage, with the same tokenizer tollgate estimates with. */
  tokenizer: Tokenizer;
}

export function emptyStats(): SimStats {
  return {
    requests: 0,
    byStatus: {},
    faults: {},
    served: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 },
    log: [],
    batches: { created: 0, lines: 0, succeeded: 0, failed: 0 },
    peakInFlight: 0,
  };
}

export function count(
  ctx: SimContext,
  path: string,
  model: string,
  status: number,
  fault: FaultKind | null,
  tokens: Tokens | null,
): void {
  const s = ctx.stats();
  s.requests++;
  s.byStatus[String(status)] = (s.byStatus[String(status)] ?? 0) + 1;
  if (fault) s.faults[fault] = (s.faults[fault] ?? 0) + 1;
  if (tokens) {
    s.served.input += tokens.input;
    s.served.cacheRead += tokens.cacheRead;
    s.served.cacheWrite += tokens.cacheWrite;
    s.served.output += tokens.output;
    s.served.reasoning += tokens.reasoning;
  }
  if (s.log.length < (ctx.opts.logLimit ?? 200_000)) s.log.push({ path, model, status, fault, tokens });
}
