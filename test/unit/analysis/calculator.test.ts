/** The production calculator's formulas, on figures small enough to check by hand. */
import { describe, expect, it } from 'vitest';
import { type CalculatorInput, calculate, selfHosting } from '../../../src/analysis/calculator.ts';
import { enrichSummary } from '../../helpers/enrich-summary.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

/** 100 samples, 90% accuracy, $0.002 per sample, 1,000 tokens per sample. */
const c: CalculatorInput = {
  samples: 100,
  accuracy: 0.9,
  costPerSampleUsd: 0.002,
  tokens: { input: 60_000, cacheRead: 20_000, cacheWrite: 0, output: 20_000, reasoning: 5_000 },
};

describe('calculate', () => {
  it('API cost per month = tasks per day × 30 × measured cost per sample', () => {
    const k = calculate(c, { tasksPerDay: 1000 });
    expect(k.tasksPerMonth).toBe(30_000);
    expect(k.apiMonthlyUsd).toBeCloseTo(60, 12);
    // with no extras the total is the API cost, and year one is 12 months with no growth
    expect(k.monitoringMonthlyUsd).toBe(0);
    expect(k.humanReviewMonthlyUsd).toBe(0);
    expect(k.monthlyTotalUsd).toBeCloseTo(60, 12);
    expect(k.growth).toBe(1);
    expect(k.yearOneUsd).toBeCloseTo(720, 10);
    expect(k.selfHostBreakEvenTasksPerDay).toBeNull();
  });

  it('adds monitoring and human review per task, then budgets year one × growth', () => {
    const k = calculate(c, {
      tasksPerDay: 1000,
      monitoringUsdPerMonth: 200,
      humanReviewUsdPerTask: 0.5,
      growth: 2.5,
    });
    expect(k.humanReviewMonthlyUsd).toBe(15_000);
    expect(k.monthlyTotalUsd).toBeCloseTo(60 + 200 + 15_000, 10);
    expect(k.yearOneUsd).toBeCloseTo((60 + 200 + 15_000) * 12 * 2.5, 8);
    // everything paid, per task that succeeded: 27,000 successes a month
    expect(k.allInCostPerSuccessUsd).toBeCloseTo(15_260 / 27_000, 12);
  });

  it('finds the self-hosting break-even and whether one GPU can serve it', () => {
    // $2/h → $1,440 a month; 0.002 per task → break-even 1440 / (30 × 0.002) = 24,000 tasks a day
    const k = calculate(c, { tasksPerDay: 1000, selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 500 } });
    expect(k.tokensPerTask).toBe(1000); // reasoning is inside output, not added again
    expect(k.selfHostGpuMonthlyUsd).toBe(1440);
    expect(k.selfHostBreakEvenTasksPerDay).toBeCloseTo(24_000, 8);
    expect(k.selfHostBreakEvenTokensPerDay).toBeCloseTo(24_000_000, 4);
    // 500 tokens/s × 86,400 s = 43.2M tokens a day = 43,200 tasks: one GPU is enough
    expect(k.selfHostCapacityTasksPerDay).toBeCloseTo(43_200, 8);
    expect(k.selfHostCanServeBreakEven).toBe(true);
    expect(k.selfHostGpusAtVolume).toBe(1);
    expect(k.selfHostMonthlyUsdAtVolume).toBe(1440);
  });

  it('says when a GPU cannot reach break-even, and how many GPUs a volume needs', () => {
    const slow = selfHosting({ gpuUsdPerHour: 2, tokensPerSecond: 100 }, 50_000, 0.002, 1000);
    expect(slow.capacityTasksPerDay).toBeCloseTo(8640, 8);
    expect(slow.breakEvenTasksPerDay).toBeCloseTo(24_000, 8);
    expect(slow.canServeBreakEven).toBe(false);
    expect(slow.gpusAtVolume).toBe(6); // ceil(50,000 / 8,640)
    expect(slow.monthlyAtVolume).toBe(6 * 1440);
  });

  it('keeps unknowns unknown: an unpriced candidate, no samples, a free model', () => {
    const unpriced = calculate(
      { ...c, costPerSampleUsd: null },
      { tasksPerDay: 1000, monitoringUsdPerMonth: 100, selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 500 } },
    );
    expect(unpriced.apiMonthlyUsd).toBeNull();
    expect(unpriced.monthlyTotalUsd).toBeNull();
    expect(unpriced.yearOneUsd).toBeNull();
    expect(unpriced.selfHostBreakEvenTasksPerDay).toBeNull();
    expect(unpriced.monitoringMonthlyUsd).toBe(100);
    const empty = calculate({ ...c, samples: 0, accuracy: null }, { tasksPerDay: 10 });
    expect(empty.tokensPerTask).toBeNull();
    expect(empty.allInCostPerSuccessUsd).toBeNull();
    expect(selfHosting({ gpuUsdPerHour: 1, tokensPerSecond: 1 }, 10, 0, 100).breakEvenTasksPerDay).toBeNull();
  });

  it('fills every candidate of a summary with a projection, and matches projectedMonthlyUsd', () => {
    const summary = enrichSummary(
      makeSummary(
        [makeCandidate({ id: 'a/x', costPerSampleUsd: 0.0009, projectedMonthlyUsd: 0.0009 * 5000 * 30 })],
        {
          projection: { tasksPerDay: 5000, growth: 2 },
        },
      ),
    );
    const k = summary.candidates[0]!.calculator!;
    expect(k.apiMonthlyUsd).toBeCloseTo(summary.candidates[0]!.projectedMonthlyUsd!, 12);
    expect(k.yearOneUsd).toBeCloseTo(0.0009 * 5000 * 30 * 12 * 2, 10);
    expect(enrichSummary(makeSummary([makeCandidate({ id: 'a/x' })])).candidates[0]!.calculator).toBeNull();
  });
});
