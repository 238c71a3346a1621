/**
 * Repricing: every cost of a run recomputed from its recorded tokens under other prices, with no
 * requests. Pure: a record in, a record out.
 *
 * - Cost (`costUsd`) is recomputed: each attempt's, from its tokens, then each record's as the sum
 *   of its candidate attempts (and `judge.costUsd` as the sum of its judge attempts), exactly as the
 *   run sums them.
 * - Spend (`spentUsd`) is kept as recorded: it is history, what the run actually paid.
 * - A model the new prices do not list keeps its recorded costs untouched.
 * - An attempt billed at the batch price is repriced at the new batch price. An attempt records its
 *   model and tariff (records version 2), so both are read; a version-1 attempt's model is told from
 *   its ledger (and a judge's from its cost), and the batch price by its recorded cost matching the
 *   old batch price (or, for an unpriced model, by the run's `--batch`).
 */

import type { AttemptRecord, SampleRecord } from '../log/records-file.ts';
import { addCost, computeCost } from '../pricing/compute-cost.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import { tariffOf } from '../pricing/tariff.ts';
import type { Tokens } from '../pricing/tokens.ts';

export interface RepriceContext {
  /** The prices the run used (summary.prices.models). */
  old: Record<string, ModelPrice | null>;
  /** The new prices, only for the models they change. */
  next: Record<string, ModelPrice>;
  /** The candidates' model ids: a judge attempt's model is found among the others first. */
  candidateModels: ReadonlySet<string>;
  /** The run used `--batch` (run.json), for attempts whose old price is unknown. */
  batch: boolean;
  /** When the new prices were applied (ISO time), for the repriced attempts' tariffs. @default now */
  pricedAt?: string;
}

/** Reprices one record. Returns the same object when nothing in it changes. */
export function repriceRecord(r: SampleRecord, ctx: RepriceContext): SampleRecord {
  const candidateListed = r.model in ctx.next;
  let changed = false;
  const attemptLog = r.attemptLog.map((a) => {
    const next = a.tariff === undefined ? repriceGuessed(a, r, ctx) : repriceBilled(a, ctx);
    if (next === a) return a;
    changed = true;
    return next;
  });

  let costUsd = r.costUsd;
  const candidateAttempts = attemptLog.filter((a) => a.ledger === 'candidate');
  if (candidateListed) {
    costUsd =
      candidateAttempts.length > 0
        ? sumCosts(candidateAttempts)
        : repriceTokens(
            r.tokens,
            r.costUsd,
            ctx.old[r.model] ?? null,
            ctx.next[r.model]!,
            ctx.batch && !r.cached,
          );
  }
  const judgeAttempts = attemptLog.filter((a) => a.ledger === 'judge');
  const judge =
    r.judge && judgeAttempts.length > 0 ? { ...r.judge, costUsd: sumCosts(judgeAttempts) } : r.judge;
  if (!changed && costUsd === r.costUsd && judge?.costUsd === r.judge?.costUsd) return r;
  return { ...r, costUsd, judge, attemptLog };
}

/**
 * Reprices an attempt that records its model and tariff (version 2): at the new price of that model,
 * with the discount it was billed with; its tariff becomes the new one.
 */
function repriceBilled(a: AttemptRecord, ctx: RepriceContext): AttemptRecord {
  const model = a.model;
  if (model === undefined || !(model in ctx.next)) return a;
  const price = ctx.next[model]!;
  // an unpriced model's tariff is null: whether it was batched is then known from the run only
  const batch = a.tariff ? a.tariff.discount?.kind === 'batch' : ctx.batch && !a.cached;
  const costUsd = a.tokens === null ? a.costUsd : computeCost(price, a.tokens, { batch });
  const tariff = tariffOf(a.tariff?.model ?? model, price, {
    batch,
    source: 'prices-file',
    pricedAt: ctx.pricedAt ?? new Date().toISOString(),
    tokens: a.tokens,
  });
  return { ...a, costUsd, tariff };
}

/**
 * Reprices a version-1 attempt (no model, no tariff recorded): its model and whether it was billed
 * at the batch price are told from its ledger and its recorded cost.
 */
function repriceGuessed(a: AttemptRecord, r: SampleRecord, ctx: RepriceContext): AttemptRecord {
  const model = a.ledger === 'candidate' ? r.model : judgeModel(a, ctx);
  if (model === null || !(model in ctx.next)) return a;
  const costUsd = repriceTokens(
    a.tokens,
    a.costUsd,
    ctx.old[model] ?? null,
    ctx.next[model]!,
    ctx.batch && !a.cached,
  );
  return costUsd === a.costUsd ? a : { ...a, costUsd };
}

/**
 * The cost of `tokens` at the new price, billed as the old cost was: at the batch price when the
 * recorded cost is the old batch price. With no tokens (an attempt that reported no usage) the
 * recorded cost stays.
 */
export function repriceTokens(
  tokens: Tokens | null,
  recorded: number | null,
  old: ModelPrice | null,
  next: ModelPrice,
  batchIfUnknown: boolean,
): number | null {
  if (tokens === null) return recorded;
  let batch = batchIfUnknown;
  if (old !== null && recorded !== null) {
    batch =
      near(recorded, computeCost(old, tokens, { batch: true })!) &&
      !near(recorded, computeCost(old, tokens)!);
  }
  return computeCost(next, tokens, { batch });
}

/**
 * A judge attempt's model. Records do not name it, so it is found by its cost: the one judge model
 * (priced, not a candidate's) when there is exactly one; else the models whose old price reproduces
 * the recorded cost, if they all get the same new price. null when that cannot be told: the cost is
 * then kept as recorded.
 */
function judgeModel(a: AttemptRecord, ctx: RepriceContext): string | null {
  const others = Object.keys(ctx.old).filter((m) => !ctx.candidateModels.has(m));
  if (others.length === 1) return others[0]!;
  if (a.tokens === null || a.costUsd === null) return null;
  const tokens = a.tokens;
  const recorded = a.costUsd;
  const matches = Object.entries(ctx.old)
    .filter(
      ([, p]) =>
        p !== null &&
        (near(recorded, computeCost(p, tokens)!) || near(recorded, computeCost(p, tokens, { batch: true })!)),
    )
    .map(([m]) => m);
  if (matches.length === 0) return null;
  const key = (m: string) => JSON.stringify(ctx.next[m] ?? ctx.old[m] ?? null);
  return matches.every((m) => key(m) === key(matches[0]!)) ? matches[0]! : null;
}

/** Sums costs in order, as the run did; unknown stays unknown. */
function sumCosts(list: AttemptRecord[]): number | null {
  let cost: number | null = 0;
  for (const a of list) cost = addCost(cost, a.costUsd);
  return cost;
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-15 + 1e-9 * Math.abs(b);
}
