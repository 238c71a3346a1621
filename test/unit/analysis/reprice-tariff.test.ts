import { describe, expect, it } from 'vitest';
import { type RepriceContext, repriceRecord } from '../../../src/analysis/reprice.ts';
import type { AttemptRecord } from '../../../src/log/records-file.ts';
import { computeCost } from '../../../src/pricing/compute-cost.ts';
import type { ModelPrice } from '../../../src/pricing/model-price.ts';
import { tariffOf } from '../../../src/pricing/tariff.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

const P = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheRead: input,
  cacheWrite: input,
  batchDiscount: 0.5,
});
const tokens = { input: 1000, cacheRead: 0, cacheWrite: 0, output: 100, reasoning: 0 };
const at = '2026-01-01T00:00:00.000Z';

function attempt(
  model: string,
  price: ModelPrice,
  ledger: 'candidate' | 'judge',
  batch = false,
): AttemptRecord {
  const cost = computeCost(price, tokens, { batch });
  return {
    status: 200,
    latencyMs: 1,
    tokens,
    costUsd: cost,
    spentUsd: cost,
    cached: false,
    error: null,
    ledger,
    model,
    tariff: tariffOf(model, price, { batch, source: 'table', pricedAt: at }),
  };
}

describe('repricing reads the recorded model and tariff (records version 2)', () => {
  // two judges with the same old price: a version-1 record could not tell which one answered
  const old = { cand: P(1, 2), judgeA: P(3, 4), judgeB: P(3, 4) };
  const ctx: RepriceContext = {
    old,
    next: { judgeB: P(10, 20), cand: P(2, 4) },
    candidateModels: new Set(['cand']),
    batch: false,
    pricedAt: '2026-02-01T00:00:00.000Z',
  };

  it('reprices the judge that answered, at the discount it was billed with', () => {
    const r = {
      ...makeRecord({ candidate: 'cand/p', caseId: 'a', status: 'passed' }),
      model: 'cand',
      attemptLog: [attempt('cand', old.cand, 'candidate', true), attempt('judgeB', old.judgeB, 'judge')],
      judge: { attempts: 1, tokens, costUsd: computeCost(old.judgeB, tokens), spentUsd: 0 },
    };
    const n = repriceRecord(r, ctx);
    expect(n.attemptLog[0]!.costUsd).toBeCloseTo(computeCost(P(2, 4), tokens, { batch: true })!, 15);
    expect(n.attemptLog[0]!.tariff).toMatchObject({
      input: 2,
      discount: { kind: 'batch', multiplier: 0.5 },
      source: 'prices-file',
      pricedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(n.attemptLog[1]!.costUsd).toBeCloseTo(computeCost(P(10, 20), tokens)!, 15);
    expect(n.judge!.costUsd).toBeCloseTo(computeCost(P(10, 20), tokens)!, 15);
    expect(n.costUsd).toBeCloseTo(computeCost(P(2, 4), tokens, { batch: true })!, 15);
  });

  it('leaves an attempt of a model the prices do not list as it was', () => {
    const r = {
      ...makeRecord({ candidate: 'cand/p', caseId: 'a', status: 'passed' }),
      attemptLog: [attempt('judgeA', old.judgeA, 'judge')],
    };
    expect(repriceRecord(r, ctx).attemptLog[0]).toBe(r.attemptLog[0]);
  });
});
