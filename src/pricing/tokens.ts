import { z } from 'zod';

/** Normalised usage. `input` is only the uncached prompt tokens; `reasoning` is part of `output`. */
export const tokensSchema = z.object({
  input: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  output: z.number(),
  reasoning: z.number(),
});

export type Tokens = z.infer<typeof tokensSchema>;
