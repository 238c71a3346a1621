import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../../src/stats/mcnemar.ts';
import { type PairedCase, pairedCaseTest } from '../../../src/stats/paired-test.ts';
import { mulberry32 } from '../../../src/stats/prng.ts';

const single = (b: number, c: number): PairedCase => ({ baseline: [b, 1], current: [c, 1] });

/** P(|S*| >= |S|) by listing every sign flip: the definition the test implements. */
function bruteForce(pairs: PairedCase[]): number {
  const d = pairs.map((x) => x.current[0] / x.current[1] - x.baseline[0] / x.baseline[1]);
  const observed = Math.abs(d.reduce((s, v) => s + v, 0));
  let hits = 0;
  const total = 2 ** d.length;
  for (let mask = 0; mask < total; mask++) {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += mask & (1 << i) ? d[i]! : -d[i]!;
    if (Math.abs(s) >= observed - 1e-9) hits++;
  }
  return hits / total;
}

const passCount = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const pairArb = fc.record({ baseline: passCount, current: passCount }) as fc.Arbitrary<PairedCase>;

describe('pairedCaseTest', () => {
  it('is the exact McNemar test with one sample per case', () => {
    const pairs = [
      ...Array.from({ length: 9 }, () => single(0, 1)),
      single(1, 0),
      ...Array.from({ length: 40 }, () => single(1, 1)),
      ...Array.from({ length: 10 }, () => single(0, 0)),
    ];
    const r = pairedCaseTest(pairs);
    expect(r).toMatchObject({ method: 'mcnemar-exact', cases: 60, worse: 1, better: 9 });
    expect(r.p).toBeCloseTo(0.021484375, 12);
  });

  it('gives p = 1 when nothing changed', () => {
    const pairs: PairedCase[] = [
      { baseline: [2, 3], current: [2, 3] },
      { baseline: [0, 3], current: [0, 3] },
    ];
    expect(pairedCaseTest(pairs)).toMatchObject({ p: 1, method: 'sign-flip-exact', worse: 0, better: 0 });
    expect(pairedCaseTest([]).p).toBe(1);
  });

  it('with repeats, matches full enumeration of the sign flips', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 12 }), (pairs) => {
        const r = pairedCaseTest(pairs);
        expect(r.p).toBeCloseTo(bruteForce(pairs), 9);
      }),
      { numRuns: 150 },
    );
  });

  it('a sign flip over unit differences is McNemar again', () => {
    // with repeats 3 but every case moving by the same amount, the test is the sign test
    const pairs: PairedCase[] = [
      ...Array.from({ length: 6 }, (): PairedCase => ({ baseline: [0, 3], current: [3, 3] })),
      { baseline: [3, 3], current: [3, 3] },
    ];
    expect(pairedCaseTest(pairs).p).toBeCloseTo(mcnemarExact(0, 6), 12);
  });

  it('falls back to a seeded Monte Carlo close to the exact value', () => {
    const rand = mulberry32(7);
    const pairs: PairedCase[] = Array.from({ length: 300 }, () => {
      const p = rand();
      const draw = (shift: number) => {
        let k = 0;
        for (let r = 0; r < 3; r++) if (rand() < Math.max(0, p - shift)) k++;
        return [k, 3] as const;
      };
      return { baseline: draw(0), current: draw(0.05) };
    });
    const exact = pairedCaseTest(pairs);
    const mc = pairedCaseTest(pairs, { maxExactWork: 0, iterations: 20_000, seed: 3 });
    expect(exact.method).toBe('sign-flip-exact');
    expect(mc.method).toBe('sign-flip-monte-carlo');
    expect(Math.abs(mc.p - exact.p)).toBeLessThan(0.015);
    expect(pairedCaseTest(pairs, { maxExactWork: 0, iterations: 2000, seed: 3 }).p).toBe(
      pairedCaseTest(pairs, { maxExactWork: 0, iterations: 2000, seed: 3 }).p,
    );
  });

  it('rejects impossible pass counts', () => {
    expect(() => pairedCaseTest([{ baseline: [4, 3], current: [1, 3] }])).toThrow(
      /Expected baseline pass count/,
    );
    expect(() => pairedCaseTest([{ baseline: [0, 3], current: [0, 0] }])).toThrow(
      /Expected current pass count/,
    );
  });
});

describe('one-sided (the gate: did it get worse?)', () => {
  const pairs = (worse: number, better: number, same = 0) => [
    ...Array.from({ length: worse }, () => ({ baseline: [1, 1] as const, current: [0, 1] as const })),
    ...Array.from({ length: better }, () => ({ baseline: [0, 1] as const, current: [1, 1] as const })),
    ...Array.from({ length: same }, () => ({ baseline: [1, 1] as const, current: [1, 1] as const })),
  ];
  it('is half the two-sided p for a drop, and about 1 for a rise', () => {
    expect(pairedCaseTest(pairs(6, 0), { alternative: 'less' }).p).toBeCloseTo(1 / 64, 12);
    expect(pairedCaseTest(pairs(6, 0)).p).toBeCloseTo(2 / 64, 12);
    expect(pairedCaseTest(pairs(0, 6), { alternative: 'less' }).p).toBe(1);
    expect(pairedCaseTest(pairs(0, 0, 5), { alternative: 'less' }).p).toBe(1);
  });
  it('agrees between the McNemar path and the sign-flip path', () => {
    // the same outcomes written as 2 repeats per case take the exact sign-flip path
    const doubled = pairs(7, 2, 3).map((x) => ({
      baseline: [x.baseline[0] * 2, 2] as const,
      current: [x.current[0] * 2, 2] as const,
    }));
    const a = pairedCaseTest(pairs(7, 2, 3), { alternative: 'less' });
    const b = pairedCaseTest(doubled, { alternative: 'less' });
    expect(b.method).toBe('sign-flip-exact');
    expect(b.p).toBeCloseTo(a.p, 12);
  });
});

describe('mid-p (the gate counts the observed outcome half)', () => {
  const pairs = (worse: number, better: number, same = 0) => [
    ...Array.from({ length: worse }, () => ({ baseline: [1, 1] as const, current: [0, 1] as const })),
    ...Array.from({ length: better }, () => ({ baseline: [0, 1] as const, current: [1, 1] as const })),
    ...Array.from({ length: same }, () => ({ baseline: [1, 1] as const, current: [1, 1] as const })),
  ];
  const mid = { alternative: 'less', midP: true } as const;
  it('is the mid-p McNemar with one sample per case, and p = 1 with nothing discordant', () => {
    const r = pairedCaseTest(pairs(6, 0), mid);
    expect(r.method).toBe('mcnemar-mid-p');
    expect(r.p).toBeCloseTo(1 / 128, 12);
    expect(pairedCaseTest(pairs(0, 0, 4), mid).p).toBe(1);
    // the two-sided p stays exact
    const two = pairedCaseTest(pairs(6, 0), { midP: true });
    expect(two.method).toBe('mcnemar-exact');
    expect(two.p).toBeCloseTo(2 / 64, 12);
  });
  it('agrees between the McNemar path, the sign-flip path and its Monte Carlo fallback', () => {
    const doubled = pairs(7, 2, 3).map((x) => ({
      baseline: [x.baseline[0] * 2, 2] as const,
      current: [x.current[0] * 2, 2] as const,
    }));
    const a = pairedCaseTest(pairs(7, 2, 3), mid);
    const b = pairedCaseTest(doubled, mid);
    expect(b.method).toBe('sign-flip-mid-p');
    expect(b.p).toBeCloseTo(a.p, 12);
    expect(pairedCaseTest([], mid).p).toBe(1);
    const mc = pairedCaseTest(doubled, { ...mid, maxExactWork: 0, iterations: 20_000, seed: 5 });
    expect(mc.method).toBe('sign-flip-monte-carlo');
    expect(Math.abs(mc.p - a.p)).toBeLessThan(0.01);
  });
});
