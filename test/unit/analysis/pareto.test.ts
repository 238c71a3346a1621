import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFrontier } from '../../../src/analysis/pareto.ts';

const p = (id: string, costPerSuccessUsd: number | null, accuracy: number | null) => ({
  id,
  costPerSuccessUsd,
  accuracy,
});

describe('paretoFrontier', () => {
  it('keeps the candidates no other candidate beats on both axes', () => {
    const f = paretoFrontier([p('cheap', 0.001, 0.8), p('best', 0.01, 0.95), p('worse', 0.02, 0.9)]);
    expect([...f].sort()).toEqual(['best', 'cheap']);
  });

  it('drops a point beaten on one axis and tied on the other', () => {
    expect([...paretoFrontier([p('a', 0.01, 0.9), p('b', 0.01, 0.8)])]).toEqual(['a']);
    expect([...paretoFrontier([p('a', 0.01, 0.9), p('b', 0.02, 0.9)])]).toEqual(['a']);
  });

  it('keeps exact ties on both axes', () => {
    expect([...paretoFrontier([p('a', 0.01, 0.9), p('b', 0.01, 0.9)])].sort()).toEqual(['a', 'b']);
  });

  it('leaves out candidates with no cost per success or no accuracy', () => {
    const f = paretoFrontier([
      p('none', null, 0),
      p('unpriced', null, 1),
      p('unrun', 0.01, null),
      p('ok', 0.5, 0.2),
    ]);
    expect([...f]).toEqual(['ok']);
  });

  it('puts a single candidate on the frontier', () => {
    expect([...paretoFrontier([p('only', 0.3, 0.5)])]).toEqual(['only']);
  });

  it('returns an empty set when nothing has a cost per success', () => {
    expect(paretoFrontier([p('a', null, 0), p('b', null, 0)]).size).toBe(0);
    expect(paretoFrontier([]).size).toBe(0);
  });
});

describe('paretoFrontier properties', () => {
  const point = fc.record({
    id: fc.uuid(),
    costPerSuccessUsd: fc.option(fc.double({ min: 1e-6, max: 10, noNaN: true }), { nil: null }),
    accuracy: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  });
  const dominates = (q: Point, p: Point) =>
    q.costPerSuccessUsd! <= p.costPerSuccessUsd! &&
    q.accuracy! >= p.accuracy! &&
    (q.costPerSuccessUsd! < p.costPerSuccessUsd! || q.accuracy! > p.accuracy!);
  type Point = { id: string; costPerSuccessUsd: number | null; accuracy: number | null };

  it('holds exactly the undominated points with both axes known', () => {
    fc.assert(
      fc.property(fc.uniqueArray(point, { selector: (p) => p.id, maxLength: 12 }), (points) => {
        const f = paretoFrontier(points);
        const known = points.filter((p) => p.costPerSuccessUsd !== null && p.accuracy !== null);
        for (const p of points) {
          const expected = known.includes(p) && !known.some((q) => dominates(q, p));
          expect(f.has(p.id)).toBe(expected);
        }
        if (known.length > 0) expect(f.size).toBeGreaterThan(0);
      }),
    );
  });
});
