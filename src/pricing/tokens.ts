import { z } from 'zod';

/** Normalised usage. `input` is only the uncached prompt tokens; `reasoning` is part of `output`. */
export const tokensSchema = z.object({
  input: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  /**
   * The part of `cacheWrite` written to the 1-hour cache (Anthropic's `ephemeral_1h_input_tokens`),
   * billed at ONE_HOUR_CACHE_WRITE × the input price; the rest is the 5-minute cache. Absent when none.
   */
  cacheWrite1h: z.number().optional(),
  output: z.number(),
  reasoning: z.number(),
});

export type Tokens = z.infer<typeof tokensSchema>;
