/**
 * Live: a 3-case suite against Anthropic when ANTHROPIC_API_KEY is set (skipped otherwise, with no
 * network). TOLLGATE_LIVE_ANTHROPIC_MODEL picks the model. @default claude-haiku-4-5
 */
import { describe, expect, it } from 'vitest';
import { runLiveSuite } from '../helpers/live-suite.ts';

describe.skipIf(!process.env.ANTHROPIC_API_KEY)('live: Anthropic', () => {
  it('answers, reports usage, and costs what the price table says', async () => {
    const model = process.env.TOLLGATE_LIVE_ANTHROPIC_MODEL ?? 'claude-haiku-4-5';
    const { summary } = await runLiveSuite('anthropic', model);
    expect(summary.candidates[0]!.samples).toBe(3);
    expect(summary.candidates[0]!.costUsd).toBeGreaterThan(0);
  });
});
