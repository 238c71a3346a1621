import type { ModelPrice } from './model-price.ts';
import { priceAtPrompt } from './price-tier.ts';
import { promptTokensOf, type Tokens } from './tokens.ts';

/**
 * A 1-hour cache write costs this many times the input price (Anthropic: 2×, where a 5-minute write
 * is the model's `cacheWrite` price, 1.25× input).
 */
export const ONE_HOUR_CACHE_WRITE = 2;

/**
 * List-price cost of one response's usage, in USD. Pure.
 * `tokens.input` is only the uncached prompt tokens; `reasoning` is already inside `output`.
 * A tiered price is billed at the context tier the prompt reaches (src/pricing/price-tier.ts).
 * @returns null when the price is unknown (never 0 for an unknown price).
 */
export function computeCost(
  price: ModelPrice | null,
  tokens: Tokens,
  opts: { batch?: boolean } = {},
): number | null {
  if (price === null) return null;
  const p = priceAtPrompt(price, promptTokensOf(tokens));
  // 1-hour cache writes are part of cacheWrite, at their own multiple of the input price
  const oneHour = Math.min(tokens.cacheWrite1h ?? 0, tokens.cacheWrite);
  const usd =
    (tokens.input * p.input +
      tokens.cacheRead * p.cacheRead +
      (tokens.cacheWrite - oneHour) * p.cacheWrite +
      oneHour * p.input * ONE_HOUR_CACHE_WRITE +
      tokens.output * p.output) /
    1_000_000;
  return opts.batch ? usd * price.batchDiscount : usd;
}

/**
 * The worst case the budget reserves: every prompt token uncached plus a full `maxTokens` reply,
 * at the context tier the prompt reaches.
 */
export function worstCaseCost(
  price: ModelPrice | null,
  promptTokens: number,
  maxTokens: number,
  batch = false,
): number | null {
  if (price === null) return null;
  const p = priceAtPrompt(price, promptTokens);
  const usd = (promptTokens * Math.max(p.input, p.cacheWrite) + maxTokens * p.output) / 1_000_000;
  return batch ? usd * price.batchDiscount : usd;
}

/** Adds two nullable costs: unknown stays unknown. */
export function addCost(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b;
}

export function zeroTokens(): Tokens {
  return { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
}

export function addTokens(into: Tokens, t: Tokens): Tokens {
  into.input += t.input;
  into.cacheRead += t.cacheRead;
  into.cacheWrite += t.cacheWrite;
  if (t.cacheWrite1h) into.cacheWrite1h = (into.cacheWrite1h ?? 0) + t.cacheWrite1h;
  into.output += t.output;
  into.reasoning += t.reasoning;
  return into;
}
