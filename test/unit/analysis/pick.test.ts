import { describe, expect, it } from 'vitest';
import { pickRecommendation } from '../../../src/analysis/pick.ts';
import { makeCandidate } from '../../helpers/fixture-run.ts';

const c = (
  id: string,
  accuracy: number | null,
  accuracyLow: number | null,
  costPerSuccessUsd: number | null,
) =>
  makeCandidate({ id, accuracy, accuracyLow, accuracyHigh: accuracy === null ? null : 1, costPerSuccessUsd });

describe('pickRecommendation', () => {
  it('picks the cheapest candidate whose lower bound clears the bar', () => {
    const r = pickRecommendation(
      [
        c('big/terse', 0.98, 0.95, 0.01),
        c('mid/terse', 0.95, 0.912, 0.00012),
        c('small/terse', 0.7, 0.6, 0.00001),
      ],
      0.9,
    );
    expect(r).toEqual({
      candidate: 'mid/terse',
      reason:
        'mid/terse is the cheapest candidate whose 95% lower bound (91.2%) clears the 90% bar, at $0.00012 per success.',
      pointEstimateCandidate: null,
      closest: null,
    });
  });

  it('names the cheaper candidate that clears only on its point estimate', () => {
    const r = pickRecommendation([c('big/a', 0.98, 0.95, 0.01), c('mid/a', 0.92, 0.85, 0.001)], 0.9);
    expect(r.candidate).toBe('big/a');
    expect(r.pointEstimateCandidate).toBe('mid/a');
    expect(r.reason).toContain('mid/a ($0.001 per success) clears the bar on its point estimate (92.0%)');
  });

  it('breaks cost ties by higher accuracy, then by id', () => {
    expect(pickRecommendation([c('a/x', 0.95, 0.91, 0.01), c('b/x', 0.97, 0.92, 0.01)], 0.9).candidate).toBe(
      'b/x',
    );
    expect(pickRecommendation([c('b/x', 0.95, 0.91, 0.01), c('a/x', 0.95, 0.91, 0.01)], 0.9).candidate).toBe(
      'a/x',
    );
  });

  it('ranks an unpriced candidate after every priced one', () => {
    expect(
      pickRecommendation([c('free/x', 0.99, 0.95, null), c('paid/x', 0.95, 0.91, 5)], 0.9).candidate,
    ).toBe('paid/x');
    const r = pickRecommendation([c('free/x', 0.99, 0.95, null)], 0.9);
    expect(r.candidate).toBe('free/x');
    expect(r.reason).toContain('unknown cost');
  });

  it('says so and names the closest when nothing clears the bar', () => {
    const r = pickRecommendation(
      [c('a/x', 0.8, 0.7, 0.01), c('b/x', 0.85, 0.75, 0.02), c('c/x', 0.85, 0.76, 0.03)],
      0.9,
    );
    expect(r.candidate).toBeNull();
    expect(r.closest).toBe('b/x');
    expect(r.pointEstimateCandidate).toBeNull();
    expect(r.reason).toMatch(
      /^No candidate's 95% lower bound clears the 90% bar; the closest is b\/x at 85\.0%/,
    );
  });

  it('mentions a point-estimate candidate when nothing clears on the lower bound', () => {
    const r = pickRecommendation([c('a/x', 0.91, 0.8, 0.01), c('b/x', 0.95, 0.85, 0.02)], 0.9);
    expect(r).toMatchObject({ candidate: null, closest: 'b/x', pointEstimateCandidate: 'a/x' });
    expect(r.reason).toContain('a/x ($0.01 per success) clears the bar on its point estimate');
  });

  it('handles candidates with no successes', () => {
    const r = pickRecommendation([c('a/x', 0, 0, null), c('b/x', 0, 0, null)], 0.9);
    expect(r).toMatchObject({ candidate: null, closest: 'a/x' });
  });

  it('handles a single candidate', () => {
    expect(pickRecommendation([c('only/x', 0.99, 0.95, 0.2)], 0.9).candidate).toBe('only/x');
    expect(pickRecommendation([c('only/x', 0.5, 0.4, 0.2)], 0.9)).toMatchObject({
      candidate: null,
      closest: 'only/x',
    });
  });

  it('recommends nothing when no candidate ran', () => {
    expect(pickRecommendation([], 0.9)).toMatchObject({ candidate: null, closest: null });
    expect(pickRecommendation([c('a/x', null, null, null)], null).candidate).toBeNull();
  });

  it('without a bar, recommends the most accurate candidate and says no bar was set', () => {
    const r = pickRecommendation(
      [c('a/x', 0.9, 0.8, 0.01), c('b/x', 0.95, 0.9, 0.02), c('c/x', 0.95, 0.9, 0.015)],
      null,
    );
    expect(r.candidate).toBe('c/x');
    expect(r.reason).toMatch(/^No quality bar was set/);
    expect(r.reason).toContain('$0.015 per success');
    expect(pickRecommendation([c('a/x', 0, 0, null)], null).candidate).toBeNull();
  });
});
