import type { ModelPrice, PriceTier } from './model-price.ts';

/** The highest context tier a prompt of `promptTokens` tokens reaches, or null for the base prices. Pure. */
export function tierFor(price: ModelPrice, promptTokens: number): PriceTier | null {
  let reached: PriceTier | null = null;
  for (const tier of price.tiers ?? []) if (promptTokens > tier.above) reached = tier;
  return reached;
}

/**
 * The flat prices a request with a prompt of `promptTokens` tokens is billed at: its context
 * tier's, or the base prices. The result has no tiers. Pure.
 */
export function priceAtPrompt(price: ModelPrice, promptTokens: number): ModelPrice {
  const tier = tierFor(price, promptTokens);
  const { tiers: _tiers, ...flat } = price;
  if (!tier) return flat;
  return {
    ...flat,
    input: tier.input,
    output: tier.output,
    cacheRead: tier.cacheRead,
    cacheWrite: tier.cacheWrite,
  };
}
