import type { ModelPrice, PriceTier } from './model-price.ts';
import type { Tokens } from './tokens.ts';

/** The prompt tokens a context tier is chosen by: uncached, cache-read and cache-write together. */
export function promptTokensOf(tokens: Pick<Tokens, 'input' | 'cacheRead' | 'cacheWrite'>): number {
  return tokens.input + tokens.cacheRead + tokens.cacheWrite;
}

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
