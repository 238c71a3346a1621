/**
 * Prompt-caching figures for a candidate: how much of its prompt the provider served from cache,
 * and what that saved. (This is the provider's prompt cache, not tollgate's response cache.) Pure.
 */
import { computeCost } from '../pricing/compute-cost.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import type { Tariff } from '../pricing/tariff.ts';
import { promptTokensOf, type Tokens } from '../pricing/tokens.ts';

/**
 * Share of prompt tokens served from the prompt cache: cacheRead / (input + cacheRead + cacheWrite).
 * @returns 0..1, or null when no prompt tokens were reported
 * @example promptCacheShare({ input: 300, cacheRead: 700, cacheWrite: 0, output: 5, reasoning: 0 }) // 0.7
 */
export function promptCacheShare(t: Tokens): number | null {
  const prompt = promptTokensOf(t);
  return prompt > 0 ? t.cacheRead / prompt : null;
}

/**
 * What prompt caching saved at list price (no discount), in USD: what the prompt would have cost
 * with every token uncached, less what it cost. So the cache-read tokens save their discount and
 * the cache-write tokens cost their premium (a 1-hour write its own, twice the input price). The
 * tokens are often many samples' sums, which cannot say which context tier each prompt reached, so
 * a tiered price is taken at its base prices (an attempt's tariff already holds its tier's prices).
 * Without 1-hour writes it is
 * `(cacheRead × (input − cacheReadPrice) − cacheWrite × (cacheWritePrice − input)) / 1M`.
 * It can be negative: writing a cache that is never read costs more than not caching.
 *
 * @returns USD, or null when the model is unpriced
 * @example cachingSavedUsd(tokens, { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, batchDiscount: 0.5 })
 */
export function cachingSavedUsd(t: Tokens, price: ModelPrice | null): number | null {
  if (price === null) return null;
  const { tiers: _tiers, ...base } = price;
  const { cacheWrite1h: _oneHour, ...rest } = t;
  const uncached = { ...rest, input: promptTokensOf(t), cacheRead: 0, cacheWrite: 0 };
  return computeCost(base, uncached)! - computeCost(base, t)!;
}

/**
 * What prompt caching saved at the tariff actually billed: `cachingSavedUsd` at the tariff's prices,
 * times its discount (the batch price discounts the saving as much as the cost).
 * @example cachingSavedAtTariff(tokens, batchTariff) // half the list-price saving at a 0.5 batch discount
 */
export function cachingSavedAtTariff(t: Tokens, tariff: Tariff): number {
  const saved = cachingSavedUsd(t, { ...tariff, batchDiscount: tariff.discount?.multiplier ?? 1 })!;
  return tariff.discount ? saved * tariff.discount.multiplier : saved;
}
