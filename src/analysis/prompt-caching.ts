/**
 * Prompt-caching figures for a candidate: how much of its prompt the provider served from cache,
 * and what that saved. (This is the provider's prompt cache, not tollgate's response cache.) Pure.
 */
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
 * What prompt caching saved at list price (no discount), in USD: the cache-read tokens would have been paid at
 * the input price, and the cache-write tokens cost their premium over it.
 * `(cacheRead × (input − cacheReadPrice) − cacheWrite × (cacheWritePrice − input)) / 1M`.
 * It can be negative: writing a cache that is never read costs more than not caching.
 *
 * @returns USD, or null when the model is unpriced
 * @example cachingSavedUsd(tokens, { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15, batchDiscount: 0.5 })
 */
export function cachingSavedUsd(t: Tokens, price: ModelPrice | null): number | null {
  if (price === null) return null;
  return (
    (t.cacheRead * (price.input - price.cacheRead) - t.cacheWrite * (price.cacheWrite - price.input)) /
    1_000_000
  );
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
