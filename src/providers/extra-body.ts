import { z } from 'zod';

/**
 * `params.extra`: fields merged into the request body for what tollgate does not model (`seed`,
 * `response_format`, `service_tier`, `top_k`, `logit_bias`, …), as the provider's API spells them.
 * It may not set what tollgate itself sends: the model, the messages, the token limit (the budget
 * reserves it), streaming, or a field that has its own param.
 */
const OWNED: Record<string, string> = {
  model: "set the model with the model's `model:`",
  messages: 'messages come from `prompts:`',
  input: 'the input comes from `prompts:`',
  instructions: "the instructions come from the prompt's `system:`",
  system: "the system prompt comes from the prompt's `system:`",
  prompt: 'the prompt comes from `prompts:`',
  max_tokens: 'set `params.maxTokens` (the budget reserves it)',
  max_completion_tokens: 'set `params.maxTokens` (the budget reserves it)',
  max_output_tokens: 'set `params.maxTokens` (the budget reserves it)',
  stream: 'tollgate reads whole responses; remove it',
  temperature: 'set `params.temperature`',
  top_p: 'set `params.topP`',
  stop: 'set `params.stop`',
  stop_sequences: 'set `params.stop`',
  reasoning_effort: 'set `params.reasoningEffort`',
  verbosity: 'set `params.verbosity`',
  thinking: 'set `params.thinking: { budgetTokens }`',
};

export const extraBodySchema = z.record(z.string(), z.unknown()).superRefine((extra, ctx) => {
  for (const key of Object.keys(extra)) {
    const fix = OWNED[key];
    if (fix)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `no "${key}" in \`extra\`: tollgate sends it itself`,
        params: { fix: `${fix}.` },
      });
  }
});

export type ExtraBody = z.output<typeof extraBodySchema>;

/** `extra` merged over a request body: objects merge key by key (`reasoning`, `text`), anything else replaces. */
export function mergeExtra(
  body: Record<string, unknown>,
  extra: ExtraBody | undefined,
): Record<string, unknown> {
  if (!extra) return body;
  const out = { ...body };
  for (const [k, v] of Object.entries(extra))
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? { ...out[k], ...v } : v;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
