import { z } from 'zod';

/**
 * A model's `price:` in a suite or a prices file, USD per 1M tokens. In a suite, missing cache prices
 * default to the input price (see priceFromInput in price-table.ts); a prices file keeps the run's
 * (read-prices-file.ts). A missing batch discount is the provider's.
 */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  batchDiscount: z.number().gt(0).max(1).optional(),
});

export type PriceInput = z.output<typeof priceSchema>;
