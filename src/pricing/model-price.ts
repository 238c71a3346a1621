import { z } from 'zod';

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
});

export type ModelPrice = z.infer<typeof modelPriceSchema>;

/** The prices a run used, as its summary records them. */
export const pricesUsedSchema = z.object({
  asOf: z.string(),
  source: z.string(),
  /** null when the model is unpriced and the run used `--allow-unpriced`. */
  models: z.record(z.string(), modelPriceSchema.nullable()),
});

export type PricesUsed = z.infer<typeof pricesUsedSchema>;
