import { describe, expect, it } from 'vitest';
import { computeCost, worstCaseCost } from '../../../src/pricing/compute-cost.ts';
import { changedPrices, describePriceChange } from '../../../src/pricing/price-changes.ts';
import { PRICE_OVERRIDES } from '../../../src/pricing/price-overrides.ts';
import { lookupPrice, lookupPriceInfo, PRICE_TABLE_AS_OF } from '../../../src/pricing/price-table.ts';
import { priceAtPrompt, tierFor } from '../../../src/pricing/price-tier.ts';
import { costAtTariff, tariffOf } from '../../../src/pricing/tariff.ts';

const DEEPSEEK = 'https://api.deepseek.com/v1';
const GEMINI = 'https://generativelanguage.googleapis.com/v1beta/openai/';
const at = (iso: string) => new Date(iso);
const tokens = (input: number, output: number, cacheRead = 0) => ({
  input,
  cacheRead,
  cacheWrite: 0,
  output,
  reasoning: 0,
});

describe('lookupPriceInfo', () => {
  it('prices DeepSeek the same at 10:00 and 18:00 UTC: the off-peak discount ended, the override holds', () => {
    for (const model of ['deepseek-chat', 'deepseek-reasoner']) {
      const morning = lookupPriceInfo('openai', model, DEEPSEEK, at('2026-12-03T10:00:00Z'));
      const evening = lookupPriceInfo('openai', model, DEEPSEEK, at('2026-12-03T18:00:00Z'));
      expect(evening).toEqual(morning);
      expect(morning?.price).toMatchObject({ input: 0.28, cacheRead: 0.028, output: 0.42 });
      expect(morning?.origin).toEqual({
        source: 'override',
        asOf: '2026-12-03',
        ref: 'https://api-docs.deepseek.com/quick_start/pricing',
      });
    }
  });

  it('prices deepseek-chat behind a loopback endpoint by its name, at any hour', () => {
    const a = lookupPrice('openai', 'deepseek-chat', 'http://127.0.0.1:9/v1', at('2026-12-03T10:00:00Z'));
    const b = lookupPrice('openai', 'deepseek-chat', 'http://127.0.0.1:9/v1', at('2026-12-03T18:00:00Z'));
    expect(a).toEqual(b);
    expect(a?.input).toBe(0.28);
  });

  it('prices mistral-large-latest as Mistral Large 3 (override), not at the table 2/6', () => {
    const r = lookupPriceInfo(
      'openai',
      'mistral-large-latest',
      'https://api.mistral.ai/v1',
      at('2026-12-03T00:00:00Z'),
    );
    expect(r?.price).toMatchObject({ input: 0.5, output: 1.5 });
    expect(r?.origin.source).toBe('override');
  });

  it('keeps the table and its date for a model it prices right', () => {
    const r = lookupPriceInfo('openai', 'gpt-4o-mini', undefined, at('2026-12-03T00:00:00Z'));
    expect(r?.price).toEqual({
      input: 0.15,
      output: 0.6,
      cacheRead: 0.075,
      cacheWrite: 0.15,
      batchDiscount: 0.5,
    });
    expect(r?.origin).toEqual({
      source: 'table',
      asOf: PRICE_TABLE_AS_OF,
      ref: '@pydantic/genai-prices 0.1.8',
    });
  });

  it('picks a dated price by the run start: o3 before and after its 2025-06-10 price cut', () => {
    const before = lookupPrice('openai', 'o3', undefined, at('2025-05-01T00:00:00Z'));
    const after = lookupPrice('openai', 'o3', undefined, at('2025-07-01T00:00:00Z'));
    expect(after).toMatchObject({ input: 2, output: 8 });
    expect(before?.input).toBeGreaterThan(after!.input);
  });

  it('reads the context tiers of Gemini 2.5 Pro and Claude Sonnet 4.5 from the table, and Sonnet 4 from the overrides', () => {
    const gemini = lookupPrice('openai', 'gemini-2.5-pro', GEMINI);
    expect(gemini?.tiers).toEqual([
      { above: 200_000, input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5 },
    ]);
    const long = { above: 200_000, input: 6, output: 22.5, cacheRead: 0.6, cacheWrite: 7.5 };
    expect(lookupPrice('anthropic', 'claude-sonnet-4-5')?.tiers).toEqual([long]);
    expect(lookupPrice('anthropic', 'claude-sonnet-4-20250514')?.tiers).toEqual([long]);
    expect(lookupPrice('anthropic', 'claude-haiku-4-5')?.tiers).toBeUndefined();
  });

  it('returns null for a model nobody prices', () => {
    expect(lookupPriceInfo('openai', 'no-such-model-xyz', undefined, at('2026-12-03T00:00:00Z'))).toBeNull();
  });

  it('dates and sources every override', () => {
    for (const o of PRICE_OVERRIDES) {
      expect(o.source).toMatch(/^https:\/\//);
      expect(o.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(o.checked > PRICE_TABLE_AS_OF).toBe(true);
    }
  });
});

describe('context tiers', () => {
  const gemini = lookupPrice('openai', 'gemini-2.5-pro', GEMINI)!;

  it('bills a 240k-token Gemini 2.5 Pro prompt at the upper tier: $0.630, not $0.320', () => {
    // 240,000 × 2.50/1M + 2,000 × 15/1M = 0.600 + 0.030
    expect(computeCost(gemini, tokens(240_000, 2_000))).toBeCloseTo(0.63, 10);
    // the base prices would give 240,000 × 1.25/1M + 2,000 × 10/1M = 0.320
    expect(computeCost(priceAtPrompt(gemini, 0), tokens(240_000, 2_000))).toBeCloseTo(0.32, 10);
  });

  it('chooses the tier by the whole prompt, cached tokens included, and only above the threshold', () => {
    expect(tierFor(gemini, 200_000)).toBeNull();
    expect(tierFor(gemini, 200_001)?.above).toBe(200_000);
    // 150k uncached + 60k cached = 210k: every token at the upper tier
    expect(computeCost(gemini, tokens(150_000, 0, 60_000))).toBeCloseTo(
      (150_000 * 2.5 + 60_000 * 0.25) / 1e6,
      10,
    );
  });

  it('reserves a long prompt at its tier', () => {
    expect(worstCaseCost(gemini, 240_000, 1_000)).toBeCloseTo((240_000 * 2.5 + 1_000 * 15) / 1e6, 10);
  });

  it('records the tier an attempt reached in its tariff, and reprices from the tariff alone', () => {
    const t = tokens(240_000, 2_000);
    const tariff = tariffOf('gemini-2.5-pro', gemini, {
      batch: false,
      source: 'table',
      pricedAt: 'x',
      tokens: t,
    });
    expect(tariff).toMatchObject({ input: 2.5, output: 15, cacheRead: 0.25, tier: { above: 200_000 } });
    expect(costAtTariff(tariff, t)).toBeCloseTo(0.63, 10);
    const short = tariffOf('gemini-2.5-pro', gemini, {
      batch: false,
      source: 'table',
      pricedAt: 'x',
      tokens: tokens(1_000, 10),
    });
    expect(short).toMatchObject({ input: 1.25, output: 10 });
    expect(short.tier).toBeUndefined();
  });
});

describe('changedPrices', () => {
  const p = (input: number) => ({ input, output: 1, cacheRead: input, cacheWrite: input, batchDiscount: 1 });

  it('names the models both runs priced whose price changed', () => {
    expect(changedPrices({ a: p(1), b: p(2), gone: p(3) }, { a: p(1), b: p(2.5), fresh: p(4) })).toEqual([
      'b',
    ]);
    expect(changedPrices({ a: p(1) }, { a: { ...p(1), tiers: [{ above: 1, ...p(2) }] } })).toEqual(['a']);
    expect(changedPrices({ a: null }, { a: null })).toEqual([]);
    expect(changedPrices({ a: null }, { a: p(1) })).toEqual(['a']);
  });

  it('says what changed', () => {
    expect(describePriceChange('b', p(2), { ...p(2), output: 3 })).toBe('b (output 1 → 3)');
    expect(describePriceChange('a', null, p(1))).toBe('a (unpriced → priced)');
  });
});
