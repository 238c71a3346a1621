import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, percentileOfCounts } from '../../../src/analysis/aggregate.ts';

/** The aggregator keeps latencies as counts per millisecond (flat memory); its percentiles must be exact. */
describe('percentileOfCounts', () => {
  it('equals the nearest-rank percentile of the expanded list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          const counts = new Map<number, number>();
          for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
          const sorted = [...counts].sort((a, b) => a[0] - b[0]);
          expect(percentileOfCounts(sorted, q)).toBe(
            percentile(
              [...xs].sort((a, b) => a - b),
              q,
            ),
          );
        },
      ),
    );
  });
});
