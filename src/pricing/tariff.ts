import { z } from 'zod';
import { computeCost } from './compute-cost.ts';
import { type ModelPrice, type PriceSource, priceSourceSchema } from './model-price.ts';
import { priceAtPrompt, tierFor } from './price-tier.ts';
import type { Tokens } from './tokens.ts';
import { promptTokensOf } from './tokens.ts';

export { type PriceSource, priceSourceSchema } from './model-price.ts';

/** The tariff one attempt was billed at: enough to reprice it without guessing. */
export const tariffSchema = z.object({
  /** The provider's model name that was priced. */
  model: z.string(),
  /** USD per 1M uncached input tokens. */
  input: z.number(),
  /** USD per 1M cache-read tokens. */
  cacheRead: z.number(),
  /** USD per 1M cache-write tokens. */
  cacheWrite: z.number(),
  /** USD per 1M output tokens. */
  output: z.number(),
  /** The discount applied on top of the list prices (the batch API's), or null for list price. */
  discount: z.object({ kind: z.literal('batch'), multiplier: z.number() }).nullable(),
  source: priceSourceSchema,
  /** When the price was looked up (ISO time). */
  pricedAt: z.string(),
  /**
   * The context tier the prompt reached (its prices are the ones above), e.g. `{above: 200000}`;
   * null or absent for the base prices.
   */
  tier: z.object({ above: z.number() }).nullable().optional(),
});

export type Tariff = z.infer<typeof tariffSchema>;

/**
 * The tariff of an attempt billed at `price`, with the batch discount when `batch`, at the context
 * tier its prompt reached when `tokens` are known. Pure.
 */
export function tariffOf(
  model: string,
  price: ModelPrice,
  opts: { batch: boolean; source: PriceSource; pricedAt: string; tokens?: Tokens | null },
): Tariff {
  const prompt = opts.tokens ? promptTokensOf(opts.tokens) : 0;
  const tier = tierFor(price, prompt);
  const flat = priceAtPrompt(price, prompt);
  return {
    model,
    input: flat.input,
    cacheRead: flat.cacheRead,
    cacheWrite: flat.cacheWrite,
    output: flat.output,
    discount: opts.batch ? { kind: 'batch', multiplier: price.batchDiscount } : null,
    source: opts.source,
    pricedAt: opts.pricedAt,
    ...(tier ? { tier: { above: tier.above } } : {}),
  };
}

/** What `tokens` cost at `tariff`, its discount included (the batch price for a batch tariff). Pure. */
export function costAtTariff(tariff: Tariff, tokens: Tokens): number {
  const { tier: _tier, ...flat } = tariff;
  const price = { ...flat, batchDiscount: tariff.discount?.multiplier ?? 1 };
  return computeCost(price, tokens, { batch: tariff.discount !== null })!;
}
