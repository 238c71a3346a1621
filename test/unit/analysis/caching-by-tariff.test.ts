import { describe, expect, it } from 'vitest';
import {
  addToCachingTally,
  cachingSavedOf,
  createCachingTally,
} from '../../../src/analysis/caching-by-tariff.ts';
import { cachingSavedUsd } from '../../../src/analysis/prompt-caching.ts';
import type { AttemptRecord } from '../../../src/log/records-file.ts';
import type { ModelPrice } from '../../../src/pricing/model-price.ts';
import { tariffOf } from '../../../src/pricing/tariff.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

const PRICE: ModelPrice = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, batchDiscount: 0.5 };
const tokens = { input: 300, cacheRead: 700, cacheWrite: 100, output: 5, reasoning: 0 };
const listSaving = cachingSavedUsd(tokens, PRICE)!;

function attempt(batch: boolean | null, ledger: 'candidate' | 'judge' = 'candidate'): AttemptRecord {
  const tariff =
    batch === null
      ? undefined
      : tariffOf('m', PRICE, { batch, source: 'table', pricedAt: '2026-01-01T00:00:00Z' });
  return {
    status: 200,
    latencyMs: 1,
    tokens,
    costUsd: 0,
    spentUsd: 0,
    cached: false,
    error: null,
    ledger,
    ...(tariff && { model: 'm', tariff }),
  };
}

const record = (attemptLog: AttemptRecord[]) => ({
  ...makeRecord({ candidate: 'm/p', caseId: 'a', status: 'passed' }),
  tokens,
  attemptLog,
});

describe('what prompt caching saved, at the tariffs billed', () => {
  it('is the list-price saving for list-price attempts, and for attempts that record no tariff', () => {
    for (const a of [attempt(false), attempt(null)]) {
      const t = createCachingTally();
      addToCachingTally(t, record([a]));
      expect(cachingSavedOf(t, PRICE)).toBe(listSaving);
    }
  });

  it('is discounted like the cost for batch attempts, and leaves judge attempts out', () => {
    const t = createCachingTally();
    addToCachingTally(t, record([attempt(true), attempt(false, 'judge')]));
    expect(cachingSavedOf(t, PRICE)).toBeCloseTo(listSaving * 0.5, 15);
  });

  it('sums mixed tariffs, and is null when untariffed tokens have no price', () => {
    const t = createCachingTally();
    addToCachingTally(t, record([attempt(true)]));
    addToCachingTally(t, record([attempt(null)]));
    expect(cachingSavedOf(t, PRICE)).toBeCloseTo(listSaving * 1.5, 15);
    expect(cachingSavedOf(t, null)).toBeNull();
  });
});
