import { z } from 'zod';

/**
 * Per-task limits: a task (a sample's `model.chat` calls) that reaches one is stopped, and the
 * sample is a failure of kind `limit` with its spend counted in full. Set on the suite, or on a
 * model to override the suite's one by one.
 */
export const limitsSchema = z.strictObject({
  /** Model calls a task may make; the next one throws. */
  maxCalls: z.number().int().positive().optional(),
  /** Tokens (prompt, cached, written and output, retries included) after which the next call throws. */
  maxTokens: z.number().int().positive().optional(),
  /** List-price cost after which the next call throws (not checked for an unpriced model). */
  maxCostUsd: z.number().positive().optional(),
  /** Wall time of the whole task; reaching it aborts the call in flight. */
  timeoutMs: z.number().int().positive().optional(),
});

export type TaskLimits = z.output<typeof limitsSchema>;
