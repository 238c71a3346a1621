import { z } from 'zod';

/** One scorer's verdict on one sample. */
export const scoreResultSchema = z.object({
  /** The scorer's name, e.g. `equals` or a custom name. */
  scorer: z.string(),
  pass: z.boolean(),
  /** 0..1 */
  score: z.number(),
  /** Why it passed or failed, for people. */
  reason: z.string(),
});

export type ScoreResult = z.infer<typeof scoreResultSchema>;
