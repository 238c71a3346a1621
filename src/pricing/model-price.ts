import { z } from 'zod';

/**
 * A context tier: when a request's prompt (uncached, cache-read and cache-write tokens together)
 * is longer than `above` tokens, every token of that request is billed at these prices (Gemini 2.5
 * Pro's and Claude Sonnet 4 / 4.5's "over 200k" prices).
 */
export const priceTierSchema = z.object({
  above: z.number(),
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
});

export type PriceTier = z.infer<typeof priceTierSchema>;

/** A model's list prices, USD per 1M tokens of each kind. */
export const modelPriceSchema = z.object({
  /** USD per 1M uncached input tokens. */
  input: z.number(),
  /** USD per 1M output tokens. */
  output: z.number(),
  /** USD per 1M cache-read tokens. */
  cacheRead: z.number(),
  /** USD per 1M cache-write tokens. */
  cacheWrite: z.number(),
  /** Multiplier for batch requests, e.g. 0.5. */
  batchDiscount: z.number(),
  /** Context tiers, lowest threshold first; absent when the price is flat. */
  tiers: z.array(priceTierSchema).optional(),
});

export type ModelPrice = z.infer<typeof modelPriceSchema>;

/**
 * Where a price came from: the bundled table, a dated override of it (src/pricing/price-overrides.ts),
 * the suite's `price:`, or a prices file (`tollgate reprice`).
 */
export const priceSourceSchema = z.enum(['table', 'override', 'suite', 'prices-file']);

export type PriceSource = z.infer<typeof priceSourceSchema>;

/**
 * Where one model's price came from: the bundled table (`asOf` its date), a dated override in
 * src/pricing/price-overrides.ts (`asOf` the day it was checked, `ref` its source page), the
 * suite's `price:`, or a prices file of `tollgate reprice` (`ref` the file).
 */
export const priceOriginSchema = z.object({
  source: priceSourceSchema,
  /** The date the price is known to hold: the table's, the override's check, the prices file's. */
  asOf: z.string().nullable(),
  /** The override's source page, the prices file, or the table's package. */
  ref: z.string().nullable(),
  /** When the run priced the model (its start), ISO time. */
  pricedAt: z.string(),
});

export type PriceOrigin = z.infer<typeof priceOriginSchema>;

/** The prices a run used, as its summary records them. */
export const pricesUsedSchema = z.object({
  asOf: z.string(),
  source: z.string(),
  /** null when the model is unpriced and the run used `--allow-unpriced`. */
  models: z.record(z.string(), modelPriceSchema.nullable()),
  /** Where each model's price came from (summary version 3; absent in older summaries). */
  origins: z.record(z.string(), priceOriginSchema).optional(),
  /** Whether the run sent its requests through the batch API (its batch discount applied). */
  batch: z.boolean().optional(),
});

export type PricesUsed = z.infer<typeof pricesUsedSchema>;
