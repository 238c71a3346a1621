import { z } from 'zod';
import { computeCost } from './compute-cost.ts';
import type { ModelPrice } from './model-price.ts';
import type { Tokens } from './tokens.ts';

/** Where a price came from: the bundled table, the suite's `price:`, or a prices file (`tollgate reprice`). */
export const priceSourceSchema = z.enum(['table', 'suite', 'prices-file']);

export type PriceSource = z.infer<typeof priceSourceSchema>;

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
});

export type Tariff = z.infer<typeof tariffSchema>;

/** The tariff of an attempt billed at `price`, with the batch discount when `batch`. Pure. */
export function tariffOf(
  model: string,
  price: ModelPrice,
  opts: { batch: boolean; source: PriceSource; pricedAt: string },
): Tariff {
  return {
    model,
    input: price.input,
    cacheRead: price.cacheRead,
    cacheWrite: price.cacheWrite,
    output: price.output,
    discount: opts.batch ? { kind: 'batch', multiplier: price.batchDiscount } : null,
    source: opts.source,
    pricedAt: opts.pricedAt,
  };
}

/** What `tokens` cost at `tariff`, its discount included (the batch price for a batch tariff). Pure. */
export function costAtTariff(tariff: Tariff, tokens: Tokens): number {
  const price = { ...tariff, batchDiscount: tariff.discount?.multiplier ?? 1 };
  return computeCost(price, tokens, { batch: tariff.discount !== null })!;
}
