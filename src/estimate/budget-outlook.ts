import type { BudgetOutlook } from './estimate-types.ts';

/**
 * Compares the estimated spend with the budget: whether even the worst case fits, only the
 * expected spend, or neither (with about how many samples the budget buys at the expected rate).
 */
export function outlook(
  budget: number | null,
  expected: number | null,
  worst: number | null,
  samples: number,
  cached: number,
  cacheUsed: boolean,
): BudgetOutlook {
  if (budget === null) return { verdict: 'none' };
  if (expected === null || worst === null) return { verdict: 'unknown', reason: 'some costs are unknown' };
  if (worst <= budget) return { verdict: 'fits' };
  if (expected <= budget) return { verdict: 'may-exceed' };
  const paid = cacheUsed ? samples - cached : samples;
  const perSample = paid > 0 ? expected / paid : 0;
  const affordable = perSample > 0 ? Math.floor(budget / perSample) : paid;
  return { verdict: 'exceeds', samplesAffordable: Math.min(samples, (cacheUsed ? cached : 0) + affordable) };
}
