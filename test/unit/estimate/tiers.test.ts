import { describe, expect, it } from 'vitest';
import type { ResolvedModel } from '../../../src/config/resolved.ts';
import { fromGuess } from '../../../src/estimate/sample-estimate.ts';
import { lookupPrice } from '../../../src/pricing/price-table.ts';
import { upperBoundTokenizer } from '../../../src/pricing/tokenizer.ts';
import type { Provider } from '../../../src/providers/provider.ts';

const price = lookupPrice(
  'openai',
  'gemini-2.5-pro',
  'https://generativelanguage.googleapis.com/v1beta/openai/',
);
const model = {
  id: 'pro',
  provider: 'openai',
  model: 'gemini-2.5-pro',
  baseURL: undefined,
  apiKeyEnv: 'K',
  price,
  params: { temperature: 0, maxTokens: 2_000 },
  promptCaching: false,
  concurrency: undefined,
} as ResolvedModel;
const target = { model, provider: {} as Provider, tokenizer: upperBoundTokenizer };
const request = (chars: number) => ({
  model: 'gemini-2.5-pro',
  messages: [{ role: 'user' as const, content: 'x'.repeat(chars) }],
  params: model.params,
});

describe('estimate with context tiers', () => {
  it('prices a prompt over 200k tokens at the upper tier, as the run bills it', () => {
    const long = fromGuess(target, request(240_000), { tokens: 2_000, from: 'reference' }, null);
    // 240,007 prompt tokens (the message, plus the chat framing) × 2.50/1M + 2,000 × 15/1M
    expect(long.promptTokens).toBe(240_007);
    expect(long.expectedUsd).toBeCloseTo((240_007 * 2.5 + 2_000 * 15) / 1e6, 12);
    expect(long.worstCaseUsd).toBeGreaterThanOrEqual(long.expectedUsd!);
  });

  it('prices a prompt under 200k tokens at the base prices', () => {
    const short = fromGuess(target, request(100_000), { tokens: 2_000, from: 'reference' }, null);
    expect(short.expectedUsd).toBeCloseTo((100_007 * 1.25 + 2_000 * 10) / 1e6, 12);
  });
});
