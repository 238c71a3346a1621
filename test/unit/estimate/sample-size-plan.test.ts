import { describe, expect, it } from 'vitest';
import { planSampleSize } from '../../../src/estimate/sample-size-plan.ts';

describe('the sample-size planner', () => {
  it('warns that a 15-case suite cannot yield a pick against an 80% bar, even at 100%', () => {
    const p = planSampleSize({ cases: 15, qualityBar: 0.8, maxAccuracyDrop: 0.1, expectedAccuracy: null });
    expect(p.casesToClearBar).toBe(16);
    expect(p.warnings).toContain(
      '15 cases cannot yield a pick against an 80% bar even at 100% accuracy: it needs 16.',
    );
    expect(p.assumptions.join(' ')).toMatch(/100% accuracy, the best case/);
  });

  it('does not warn for a 300-case suite against an 80% bar and a 10-point gate', () => {
    const p = planSampleSize({ cases: 300, qualityBar: 0.8, maxAccuracyDrop: 0.1, expectedAccuracy: null });
    expect(p.warnings).toEqual([]);
    expect(p.casesToClearBar).toBe(16);
    // at an assumed 90% baseline, a 10-point drop needs under 300 cases for 80% power
    expect(p.baselineAccuracy).toBe(0.9);
    expect(p.casesForGatePower).toBeGreaterThan(100);
    expect(p.casesForGatePower).toBeLessThanOrEqual(300);
  });

  it('warns when the gate cannot catch a 2-point drop, and says so when the answer is past 10,000', () => {
    const small = planSampleSize({
      cases: 300,
      qualityBar: null,
      maxAccuracyDrop: 0.02,
      expectedAccuracy: null,
    });
    expect(small.casesToClearBar).toBeNull();
    expect(small.warnings).toHaveLength(1);
    expect(small.warnings[0]).toMatch(
      /^300 cases give the gate less than 80% power to catch a 2-point accuracy drop \(gate\.maxAccuracyDrop\) from an assumed 90%: it needs [\d,]+\.$/,
    );
    const t = performance.now();
    const tiny = planSampleSize({
      cases: 300,
      qualityBar: 0.85,
      maxAccuracyDrop: 0.01,
      expectedAccuracy: 0.5,
    });
    expect(performance.now() - t).toBeLessThan(2000);
    expect(tiny.casesForGatePower).toBeNull();
    expect(tiny.beyond).toEqual(['casesForGatePower']);
    expect(tiny.warnings.join('\n')).toMatch(/it needs more than 10,000\./);
    // an expected accuracy below the bar never clears it
    expect(tiny.warnings[0]).toBe(
      '300 cases cannot yield a pick against an 85% bar at the expected accuracy of 50%: no number of cases is enough.',
    );
  });

  it('skips the gate figure when maxAccuracyDrop is 0', () => {
    const p = planSampleSize({ cases: 50, qualityBar: 0.5, maxAccuracyDrop: 0, expectedAccuracy: null });
    expect(p.casesForGatePower).toBeNull();
    expect(p.beyond).toEqual([]);
    expect(p.warnings).toEqual([]);
  });
});
