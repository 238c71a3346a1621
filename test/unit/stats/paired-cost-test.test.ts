import { describe, expect, it } from 'vitest';
import { type PairedCost, pairedCostTest } from '../../../src/stats/paired-cost-test.ts';

const same = (cost: number, passed: number): PairedCost => ({
  baseline: [cost, passed],
  current: [cost, passed],
});

describe('pairedCostTest', () => {
  it('gives cost per success over the paired cases in each run, and p = 1 when nothing rose', () => {
    const pairs = [same(0.02, 1), same(0.01, 1), same(0.03, 0)];
    expect(pairedCostTest(pairs)).toEqual({ baseline: 0.03, current: 0.03, relative: 0, p: 1, cases: 3 });
    const cheaper = [{ baseline: [0.02, 1], current: [0.01, 1] } as const];
    expect(pairedCostTest(cheaper)).toMatchObject({ relative: -0.5, p: 1 });
  });

  it('finds a rise on every case significant', () => {
    const pairs = Array.from(
      { length: 30 },
      (_, i): PairedCost => ({
        baseline: [0.001 * (1 + (i % 4)), 1],
        current: [0.0013 * (1 + (i % 4)), 1],
      }),
    );
    const r = pairedCostTest(pairs);
    expect(r.relative).toBeCloseTo(0.3, 12);
    // only the one assignment with no swap (and none beyond it) reaches +30%: p is (1 + hits) / 2001
    expect(r.p).toBeLessThan(0.01);
  });

  it('finds a rise that a coin flip of one case explains not significant', () => {
    // two cases swapped pass/fail between the runs at the same cost: +100% on 2 cases is noise
    const pairs: PairedCost[] = [
      { baseline: [0.01, 1], current: [0.01, 0] },
      { baseline: [0.01, 1], current: [0.01, 1] },
    ];
    const r = pairedCostTest(pairs);
    expect(r.relative).toBeCloseTo(1, 12);
    expect(r.p).toBeGreaterThan(0.2);
  });

  it('is the same on every run (seeded) and counts no successes now as unbounded', () => {
    const pairs: PairedCost[] = Array.from({ length: 12 }, (_, i) => ({
      baseline: [0.01, i % 3 === 0 ? 0 : 1],
      current: [0.012, i % 2],
    }));
    expect(pairedCostTest(pairs)).toEqual(pairedCostTest(pairs));
    const none = pairedCostTest([{ baseline: [0.01, 1], current: [0.01, 0] }]);
    expect(none).toMatchObject({ baseline: 0.01, current: null, relative: null });
    expect(none.p).toBeGreaterThan(0.4);
  });
});
