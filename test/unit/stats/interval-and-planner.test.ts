import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusteredWilson, effectiveTrials } from '../../../src/stats/clustered-wilson.ts';
import { mulberry32 } from '../../../src/stats/prng.ts';
import { casesForGatePower, casesToClearBar, gatePower } from '../../../src/stats/sample-size.ts';
import { wilson } from '../../../src/stats/wilson.ts';

describe('wilson at the edges', () => {
  it('is exactly 0 with no successes and exactly 1 when every trial succeeded', () => {
    for (const n of [1, 2, 7, 15, 200, 10_000]) {
      expect(wilson(0, n)!.low).toBe(0);
      expect(wilson(n, n)!.high).toBe(1);
      expect(wilson(0, n)!.high).toBeGreaterThan(0);
      expect(wilson(n, n)!.low).toBeLessThan(1);
    }
  });
});

describe('clusteredWilson: the case is the unit when there are repeats', () => {
  it('with one sample per case it is wilson over the samples', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }), (passes) => {
        const cases = passes.map((p) => [p ? 1 : 0, 1] as const);
        const k = passes.filter(Boolean).length;
        const got = clusteredWilson(cases)!;
        const want = wilson(k, passes.length)!;
        expect(got.effectiveTrials).toBe(passes.length);
        expect(got.low).toBeCloseTo(want.low, 12);
        expect(got.high).toBeCloseTo(want.high, 12);
      }),
    );
  });

  it('with identical repeats it is wilson over the cases', () => {
    const cases = Array.from({ length: 200 }, (_, i) => [i % 10 < 8 ? 5 : 0, 5] as const);
    const got = clusteredWilson(cases)!;
    const want = wilson(160, 200)!;
    expect(got.effectiveTrials).toBeCloseTo(200, 9);
    expect(got.low).toBeCloseTo(want.low, 12);
  });

  it('with independent repeats the effective count is near the sample count', () => {
    const rand = mulberry32(5);
    const cases = Array.from({ length: 300 }, () => {
      let k = 0;
      for (let r = 0; r < 4; r++) if (rand() < 0.8) k++;
      return [k, 4] as const;
    });
    const n = effectiveTrials(cases);
    expect(n).toBeGreaterThan(1000);
    expect(n).toBeLessThanOrEqual(1200);
  });

  it('keeps exact edges and says null when nothing ran', () => {
    const allPass = [[3, 3] as const, [3, 3] as const];
    const allFail = [[0, 3] as const, [0, 3] as const];
    expect(clusteredWilson(allPass)!.high).toBe(1);
    expect(clusteredWilson(allFail)!.low).toBe(0);
    expect(clusteredWilson(allPass)!.effectiveTrials).toBe(2);
    expect(clusteredWilson([])).toBeNull();
  });

  it('declares a candidate 1 point below the bar eligible at most at the nominal 2.5% (±1 point), identical repeats', () => {
    // 200 cases, 5 identical repeats; the true accuracy is 84% against an 85% bar
    const rand = mulberry32(42);
    const runs = 3000;
    let eligible = 0;
    let naive = 0;
    for (let t = 0; t < runs; t++) {
      const cases = Array.from({ length: 200 }, () =>
        rand() < 0.84 ? ([5, 5] as const) : ([0, 5] as const),
      );
      if (clusteredWilson(cases)!.low >= 0.85) eligible++;
      const passed = cases.reduce((s, [k]) => s + k, 0);
      if (wilson(passed, 1000)!.low >= 0.85) naive++;
    }
    expect(eligible / runs).toBeLessThanOrEqual(0.035);
    // the per-sample interval is what the issue measured at about 10%
    expect(naive / runs).toBeGreaterThan(0.06);
  });
});

describe('the sample-size planner', () => {
  it('finds the smallest suite whose expected result clears the bar on its lower bound', () => {
    expect(casesToClearBar(1, 0.8)).toBe(16);
    expect(wilson(15, 15)!.low).toBeLessThan(0.8);
    expect(wilson(16, 16)!.low).toBeGreaterThanOrEqual(0.8);
    const n = casesToClearBar(0.9, 0.85)!;
    expect(wilson(0.9 * n, n)!.low).toBeGreaterThanOrEqual(0.85);
    expect(wilson(0.9 * (n - 1), n - 1)!.low).toBeLessThan(0.85);
    expect(casesToClearBar(0.85, 0.85)).toBeNull();
    expect(casesToClearBar(0.8, 0.85)).toBeNull();
  });

  it('computes the gate power exactly, matching a seeded simulation of the one-sided mid-p McNemar test', () => {
    // a 10-point drop from 85% at n = 200, outcomes independent between runs
    const exact = gatePower(200, 0.85, 0.1);
    const rand = mulberry32(9);
    const trials = 4000;
    let caught = 0;
    for (let t = 0; t < trials; t++) {
      let b = 0;
      let c = 0;
      for (let i = 0; i < 200; i++) {
        const before = rand() < 0.85;
        const now = rand() < 0.75;
        if (before && !now) b++;
        if (!before && now) c++;
      }
      if (oneSidedMidP(b, c) < 0.05) caught++;
    }
    // 4000 trials: a standard error of 0.6 points
    expect(Math.abs(caught / trials - exact)).toBeLessThan(0.02);
    expect(exact).toBeGreaterThan(0.8);
    expect(exact).toBeLessThan(0.81);
  });

  it('finds how many cases the gate needs for 80% power', () => {
    const n = casesForGatePower(0.85, 0.1)!;
    expect(gatePower(n, 0.85, 0.1)).toBeGreaterThanOrEqual(0.8);
    expect(gatePower(n - 5, 0.85, 0.1)).toBeLessThan(0.8);
    expect(n).toBeLessThanOrEqual(200);
    expect(casesForGatePower(0.95, 0.1)!).toBeLessThan(n);
  });
});

/** P(X > b) + P(X = b) / 2 for X ~ Binomial(b + c, 1/2), summed directly. */
function oneSidedMidP(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let p = 0;
  let term = 0.5 ** n;
  for (let i = 0; i <= n; i++) {
    if (i > b) p += term;
    if (i === b) p += term / 2;
    term = (term * (n - i)) / (i + 1);
  }
  return p;
}
