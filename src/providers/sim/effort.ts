import { hash01 } from './sim-model.ts';

/**
 * How hard a simulated model thinks: OpenAI's `reasoning_effort` (Chat Completions), `reasoning.effort`
 * (Responses API), or Anthropic's `thinking.budget_tokens`. More effort means more reasoning tokens
 * (billed as output, counted toward the output cap) and fewer wrong answers. With none the model
 * does not reason at all, as before.
 */
export interface SimEffort {
  /** Multiplies the model's error rate. */
  errorFactor: number;
  /** Reasoning tokens this answer spends, before the output cap. */
  reasoningTokens: number;
}

/** Per level: the error-rate multiplier and the typical reasoning tokens. */
const LEVELS: Record<string, { errorFactor: number; tokens: number }> = {
  none: { errorFactor: 1, tokens: 0 },
  minimal: { errorFactor: 0.85, tokens: 24 },
  low: { errorFactor: 0.6, tokens: 96 },
  medium: { errorFactor: 0.4, tokens: 256 },
  high: { errorFactor: 0.25, tokens: 640 },
  xhigh: { errorFactor: 0.18, tokens: 1280 },
  max: { errorFactor: 0.12, tokens: 2048 },
};

export const NO_EFFORT: SimEffort = { errorFactor: 1, reasoningTokens: 0 };

/** The effort a request asks for, with its reasoning tokens drawn (±25 %, deterministic per prompt). */
export function effortOf(body: Record<string, unknown>, seed: string): SimEffort {
  const reasoning = body.reasoning as { effort?: unknown } | undefined;
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  const jitter = 0.75 + 0.5 * hash01(`effort|${seed}`);
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    const budget = thinking.budget_tokens;
    const level = LEVELS[budget < 2048 ? 'low' : budget < 8192 ? 'medium' : 'high']!;
    return {
      errorFactor: level.errorFactor,
      reasoningTokens: Math.min(budget, Math.round(level.tokens * jitter)),
    };
  }
  const name = body.reasoning_effort ?? reasoning?.effort;
  const level = typeof name === 'string' ? LEVELS[name] : undefined;
  if (!level) return NO_EFFORT;
  return { errorFactor: level.errorFactor, reasoningTokens: Math.round(level.tokens * jitter) };
}
