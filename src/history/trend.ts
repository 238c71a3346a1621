/**
 * The trend of each candidate across a suite's runs, and where prices changed. Pure: plain data in,
 * plain data out.
 */
import type { ModelPrice } from '../pricing/model-price.ts';
import type { History, HistoryPoint, HistoryRun } from './read-history.ts';

/** One candidate in one run, with whether its model's price differs from its previous run's. */
export interface TrendRow {
  run: HistoryRun;
  point: HistoryPoint;
  priceChanged: boolean;
}

/** How a figure moved from the candidate's first run to its last. */
export interface Change {
  first: number | null;
  last: number | null;
  /** last / first - 1 for costs and tokens; last - first for accuracy. null when either is unknown. */
  delta: number | null;
}

export interface CandidateTrend {
  candidate: string;
  /** Oldest first. */
  rows: TrendRow[];
  costPerSuccess: Change;
  accuracy: Change;
  tokensPerSample: Change;
  /** Runs where its model's price changed. */
  priceChanges: number;
}

/** Every candidate's trend: the latest run's candidates first, in its order, then the others. */
export function buildTrends(h: History): CandidateTrend[] {
  const ids: string[] = [];
  for (const run of [...h.runs].reverse())
    for (const id of run.candidates.keys()) if (!ids.includes(id)) ids.push(id);
  return ids.map((id) => trendOf(h.runs, id));
}

function trendOf(runs: readonly HistoryRun[], candidate: string): CandidateTrend {
  const rows: TrendRow[] = [];
  let before: HistoryPoint | null = null;
  for (const run of runs) {
    const point = run.candidates.get(candidate);
    if (!point) continue;
    rows.push({ run, point, priceChanged: before !== null && priceDiffers(before, point) });
    before = point;
  }
  const first = rows[0]?.point;
  const last = rows.at(-1)?.point;
  return {
    candidate,
    rows,
    costPerSuccess: relative(first?.costPerSuccessUsd, last?.costPerSuccessUsd),
    accuracy: absolute(first?.accuracy, last?.accuracy),
    tokensPerSample: relative(first?.meanTokensPerSample, last?.meanTokensPerSample),
    priceChanges: rows.filter((r) => r.priceChanged).length,
  };
}

/** Whether the model or its price differs; a run that does not record the price says nothing. */
function priceDiffers(a: HistoryPoint, b: HistoryPoint): boolean {
  if (a.model !== b.model) return true;
  if (a.price === undefined || b.price === undefined) return a.priceAsOf !== b.priceAsOf;
  return !samePrice(a.price, b.price);
}

function samePrice(a: ModelPrice | null, b: ModelPrice | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.input === b.input &&
    a.output === b.output &&
    a.cacheRead === b.cacheRead &&
    a.cacheWrite === b.cacheWrite &&
    a.batchDiscount === b.batchDiscount &&
    JSON.stringify(a.tiers ?? []) === JSON.stringify(b.tiers ?? [])
  );
}

function relative(first: number | null | undefined, last: number | null | undefined): Change {
  const f = first ?? null;
  const l = last ?? null;
  return { first: f, last: l, delta: f !== null && l !== null && f > 0 ? l / f - 1 : null };
}

function absolute(first: number | null | undefined, last: number | null | undefined): Change {
  const f = first ?? null;
  const l = last ?? null;
  return { first: f, last: l, delta: f !== null && l !== null ? l - f : null };
}

/** The indexes (in `runs`) of the runs where some candidate's model price changed. */
export function priceChangeRuns(h: History, trends: readonly CandidateTrend[]): Set<number> {
  const at = new Set<number>();
  for (const t of trends) for (const r of t.rows) if (r.priceChanged) at.add(h.runs.indexOf(r.run));
  return at;
}
