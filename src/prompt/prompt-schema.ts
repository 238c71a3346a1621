import { z } from 'zod';
import { messageSchema } from './message-schema.ts';

/** A prompt variant: a `system`/`user` pair of templates, or a `messages` list of them. */
export const promptSchema = z
  .strictObject({
    /** The prompt id; candidate ids are `MODEL_ID/PROMPT_ID`. */
    id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, _ . : -'),
    system: z.string().optional(),
    user: z.string().optional(),
    messages: z.array(messageSchema).min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.messages && (p.system !== undefined || p.user !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'either `messages` or `system`/`user`, not both',
        path: ['messages'],
      });
    }
    if (!p.messages && p.user === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a `user` template or a `messages` list', path: ['user'] });
    }
  });

export type PromptConfig = z.output<typeof promptSchema>;
