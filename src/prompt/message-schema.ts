import { z } from 'zod';

/** One chat message: who says it and what. */
export const messageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

export type Message = z.output<typeof messageSchema>;
