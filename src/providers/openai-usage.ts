import type OpenAI from 'openai';
import type { Tokens } from '../pricing/tokens.ts';
import { tokenCount } from './provider.ts';

/** OpenAI's `prompt_tokens` includes cached tokens; tollgate's `input` does not. */
export function normaliseOpenAIUsage(u: OpenAI.Completions.CompletionUsage): Tokens {
  const prompt = tokenCount(u.prompt_tokens);
  const cached = tokenCount(u.prompt_tokens_details?.cached_tokens);
  return {
    input: Math.max(0, prompt - cached),
    cacheRead: cached,
    cacheWrite: 0,
    output: tokenCount(u.completion_tokens),
    reasoning: tokenCount(u.completion_tokens_details?.reasoning_tokens),
  };
}
