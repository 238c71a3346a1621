/**
 * Live: a 3-case suite against OpenAI when OPENAI_API_KEY is set (skipped otherwise, with no
 * network). TOLLGATE_LIVE_OPENAI_MODEL picks the model. @default gpt-4.1-nano
 */
import { describe, expect, it } from 'vitest';
import { runLiveSuite } from '../helpers/live-suite.ts';

describe.skipIf(!process.env.OPENAI_API_KEY)('live: OpenAI', () => {
  it('answers, reports usage, and costs what the price table says', async () => {
    const model = process.env.TOLLGATE_LIVE_OPENAI_MODEL ?? 'gpt-4.1-nano';
    const { summary } = await runLiveSuite('openai', model);
    expect(summary.candidates[0]!.samples).toBe(3);
    expect(summary.candidates[0]!.costUsd).toBeGreaterThan(0);
  });
});
