/**
 * What prompt caching saved a candidate at the tariffs its attempts were actually billed at (a batch
 * attempt at the batch price, a replayed answer at the tariff it was bought at). Tokens are summed per
 * distinct tariff and each sum is valued once, so a run at one tariff gives exactly the figure of its
 * summed tokens. Attempts that record no tariff (records version 1, or an unpriced model) are valued
 * at the run's list price. Pure apart from the tally it fills.
 */
import type { SampleRecord } from '../log/records-file.ts';
import { addTokens, zeroTokens } from '../pricing/compute-cost.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import type { Tariff } from '../pricing/tariff.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { cachingSavedAtTariff, cachingSavedUsd } from './prompt-caching.ts';

/** A candidate's prompt tokens, grouped by the tariff they were billed at. */
export interface CachingTally {
  /** Keyed by the tariff's prices and discount (not its source or time). */
  byTariff: Map<string, { tariff: Tariff; tokens: Tokens }>;
  /** Tokens of attempts that record no tariff. */
  untariffed: Tokens;
}

export function createCachingTally(): CachingTally {
  return { byTariff: new Map(), untariffed: zeroTokens() };
}

/** Adds a record's candidate attempts (or, with none logged, its tokens as untariffed). */
export function addToCachingTally(t: CachingTally, r: SampleRecord): void {
  const attempts = r.attemptLog.filter((a) => a.ledger === 'candidate');
  if (attempts.length === 0) {
    addTokens(t.untariffed, r.tokens);
    return;
  }
  for (const a of attempts) {
    if (a.tokens === null) continue;
    if (!a.tariff) {
      addTokens(t.untariffed, a.tokens);
      continue;
    }
    const key = tariffKey(a.tariff);
    const group = t.byTariff.get(key) ?? { tariff: a.tariff, tokens: zeroTokens() };
    addTokens(group.tokens, a.tokens);
    t.byTariff.set(key, group);
  }
}

/**
 * What caching saved, in USD: each tariff group at its tariff, plus the untariffed tokens at
 * `listPrice`. null when untariffed tokens would need a price and the model has none.
 */
export function cachingSavedOf(t: CachingTally, listPrice: ModelPrice | null): number | null {
  if (t.byTariff.size === 0) return cachingSavedUsd(t.untariffed, listPrice);
  let usd = 0;
  for (const g of t.byTariff.values()) usd += cachingSavedAtTariff(g.tokens, g.tariff);
  if (t.untariffed.cacheRead === 0 && t.untariffed.cacheWrite === 0) return usd;
  const rest = cachingSavedUsd(t.untariffed, listPrice);
  return rest === null ? null : usd + rest;
}

function tariffKey(t: Tariff): string {
  return JSON.stringify([t.input, t.cacheRead, t.cacheWrite, t.output, t.discount?.multiplier ?? null]);
}
