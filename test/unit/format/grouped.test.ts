import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from '../../../src/format/grouped.ts';
import { formatUsd } from '../../../src/format/money.ts';
import { formatInt } from '../../../src/format/number.ts';

const intl = {
  0: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
  2: new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/** Numbers near a rounding edge: x.xx5 and x.5 in decimal, which binary holds just above or below. */
const edges = fc
  .tuple(
    fc.integer({ min: 0, max: 99_999_999 }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom(1, 10, 100, 1000),
  )
  .map(([whole, part, scale]) => whole + part / scale + (scale === 1000 ? 0 : 0.005));

describe('grouped digits', () => {
  it('are what Intl.NumberFormat en-US writes, to 0 and 2 decimals, for any size and rounding edge', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 1e25, noNaN: true }),
          fc.double({ min: 0, max: 10, noNaN: true }),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          edges,
          fc.constantFrom(0, 0.5, 1.005, 2.675, 999.995, 999_999.5, 1e21, 1e-7, 9.995, 0.995),
        ),
        fc.constantFrom(0 as const, 2 as const),
        (v, d) => {
          expect(grouped(v, d)).toBe(intl[d].format(v));
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('keep formatUsd and formatInt as they were, signs and -0 included', () => {
    expect(formatUsd(1234.005)).toBe('$1,234.01');
    expect(formatUsd(-1.005)).toBe('-$1.01');
    expect(formatUsd(999.995)).toBe('$1,000.00');
    expect(formatInt(-0.4)).toBe(intl[0].format(-0.4));
    expect(formatInt(-0)).toBe('-0');
    expect(formatInt(-1234567.5)).toBe('-1,234,568');
    expect(formatInt(12345)).toBe('12,345');
  });
});
