import type { Tokens } from '../../pricing/tokens.ts';
import type { SimAnswer } from './brain.ts';

/**
 * What an OpenAI-flavoured sim answer bills (Chat Completions and the Responses API alike). The
 * sim's prompt cache is always warm: the system prefix is cached in 16-token blocks.
 */
export function openaiTokens(a: SimAnswer): Tokens {
  const cached = a.systemTokens >= 16 ? Math.floor(a.systemTokens / 16) * 16 : 0;
  return {
    input: a.promptTokens - cached,
    cacheRead: cached,
    cacheWrite: 0,
    output: a.outputTokens,
    reasoning: a.reasoningTokens,
  };
}
