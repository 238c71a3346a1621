import { describe, expect, it } from 'vitest';
import { PROJECTION_FORMULA, projectedMonthlyUsd } from '../../../src/analysis/projection.ts';

describe('projectedMonthlyUsd', () => {
  it('is tasks per day × 30 × cost per sample', () => {
    expect(projectedMonthlyUsd(0.0004, 5000)).toBeCloseTo(60, 10);
    expect(projectedMonthlyUsd(0, 5000)).toBe(0);
  });

  it('is null when the cost per sample is unknown', () => {
    expect(projectedMonthlyUsd(null, 5000)).toBeNull();
  });

  it('rejects a negative volume', () => {
    expect(() => projectedMonthlyUsd(0.1, -1)).toThrow(/tasksPerDay/);
  });

  it('explains itself', () => {
    expect(PROJECTION_FORMULA).toContain('30');
  });
});
