import { type Tokenizer, upperBoundTokenizer } from './tokenizer.ts';

/**
 * Counts prompt tokens locally, with no request. For OpenAI-style models (and the sim) it uses
 * gpt-tokenizer's cl100k encoding (half the memory of o200k, and it splits English into at least as
 * many tokens, so it errs high for GPT-4o-era models) plus the chat framing (3 + 4 per message). For other vendors it
 * uses a documented over-estimate: one token per 3 characters plus 10 per message, since their
 * tokenizers are not public. Both err high, because the budget reserves on them.
 */
export function countPromptTokens(
  provider: string,
  messages: ReadonlyArray<{ content: string }>,
  tokenizer: Tokenizer = upperBoundTokenizer,
): number {
  if (provider === 'anthropic') {
    let n = 10;
    for (const m of messages) n += 10 + Math.ceil(m.content.length / 3);
    return n;
  }
  let n = 3;
  for (const m of messages) n += 4 + tokenizer.count(m.content);
  // a small margin for tokenizer differences between model generations
  return Math.ceil(n * 1.05) + 8;
}

/** Counts output tokens of a text the same way (for estimates from expected answers). */
export function countTextTokens(
  provider: string,
  text: string,
  tokenizer: Tokenizer = upperBoundTokenizer,
): number {
  if (provider === 'anthropic') return Math.ceil(text.length / 3);
  return tokenizer.count(text);
}
