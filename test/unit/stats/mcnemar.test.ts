import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf,
  binomialHalfPmf,
  mcnemarExact,
  mcnemarMidPLess,
} from '../../../src/stats/mcnemar.ts';

function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

describe('mcnemarExact', () => {
  it.each([
    [0, 6, 0.03125],
    [6, 0, 0.03125],
    [1, 9, 0.021484375],
    [0, 5, 0.0625],
    [2, 8, 0.109375],
    [3, 3, 1],
    [0, 1, 1],
    [0, 0, 1],
  ])('b=%i c=%i -> p=%f', (b, c, p) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(p, 12);
  });

  it('stays finite and sensible for large counts', () => {
    const p = mcnemarExact(480, 520);
    // normal approximation: z = 40 / sqrt(1000) = 1.265 -> p ~ 0.206 (continuity-corrected ~0.218)
    expect(p).toBeGreaterThan(0.19);
    expect(p).toBeLessThan(0.23);
    expect(mcnemarExact(1000, 1300)).toBeLessThan(1e-8);
    expect(mcnemarExact(1000, 1300)).toBeGreaterThan(0);
  });

  it('rejects counts that are not whole numbers', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(/Expected `b`/);
    expect(() => mcnemarExact(1, 2.5)).toThrow(/Expected `c`/);
  });

  it('is symmetric, within [0, 1], and falls as the imbalance grows', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), (b, c) => {
        const p = mcnemarExact(b, c);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(mcnemarExact(c, b)).toBe(p);
        if (c >= b) expect(mcnemarExact(b, c + 1)).toBeLessThanOrEqual(p + 1e-12);
      }),
    );
  });
});

describe('binomialHalfCdf', () => {
  it('matches the direct sum for small n', () => {
    for (let n = 0; n <= 30; n++) {
      let sum = 0;
      for (let k = 0; k <= n; k++) {
        sum += choose(n, k) / 2 ** n;
        expect(binomialHalfCdf(k, n)).toBeCloseTo(sum, 12);
      }
      expect(binomialHalfCdf(-1, n)).toBe(0);
    }
  });
});

describe('mcnemarMidPLess', () => {
  it.each([
    // P(X < c) + P(X = c) / 2 for X ~ Binomial(b + c, 1/2)
    [6, 0, 1 / 128],
    [2, 0, 1 / 8],
    [9, 1, (1 + 10 / 2) / 1024],
    [0, 0, 1],
    [3, 3, 0.5],
  ])('b=%i c=%i -> p=%f', (b, c, p) => {
    expect(mcnemarMidPLess(b, c)).toBeCloseTo(p, 12);
  });

  it('is the exact one-sided p less half the probability of the observed count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (b, c) => {
        fc.pre(b + c > 0);
        const exact = binomialHalfCdf(c, b + c);
        expect(mcnemarMidPLess(b, c)).toBeCloseTo(exact - binomialHalfPmf(c, b + c) / 2, 12);
        expect(mcnemarMidPLess(b, c)).toBeLessThanOrEqual(exact);
      }),
      { seed: 4 },
    );
  });
});
