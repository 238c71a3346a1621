import type OpenAI from 'openai';
import type { Tokens } from '../pricing/tokens.ts';
import { tokenCount } from './provider.ts';

/**
 * OpenAI's `prompt_tokens` includes cached tokens; tollgate's `input` does not. When `total_tokens`
 * exceeds prompt plus completion tokens, the difference is hidden reasoning (Gemini's
 * OpenAI-compatible endpoint may leave thought tokens out of `completion_tokens`): it is billed as
 * output and counted as reasoning.
 */
export function normaliseOpenAIUsage(u: OpenAI.Completions.CompletionUsage): Tokens {
  const prompt = tokenCount(u.prompt_tokens);
  const cached = tokenCount(u.prompt_tokens_details?.cached_tokens);
  const completion = tokenCount(u.completion_tokens);
  const hidden = Math.max(0, tokenCount(u.total_tokens) - prompt - completion);
  return {
    input: Math.max(0, prompt - cached),
    cacheRead: cached,
    cacheWrite: 0,
    output: completion + hidden,
    reasoning: tokenCount(u.completion_tokens_details?.reasoning_tokens) + hidden,
  };
}
