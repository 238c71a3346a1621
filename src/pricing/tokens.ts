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

/** The prompt's tokens, however billed: uncached, cache-read and cache-write together. */
export function promptTokensOf(t: Pick<Tokens, 'input' | 'cacheRead' | 'cacheWrite'>): number {
  return t.input + t.cacheRead + t.cacheWrite;
}

/** Every token: the prompt (cached or not) and the output (reasoning is part of it). */
export function totalTokensOf(t: Pick<Tokens, 'input' | 'cacheRead' | 'cacheWrite' | 'output'>): number {
  return promptTokensOf(t) + t.output;
}
