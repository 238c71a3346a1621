/** The production calculator's formulas, on figures small enough to check by hand. */
import { describe, expect, it } from 'vitest';
import {
  type CalculatorInput,
  calculate,
  DEFAULT_GPU_UTILISATION,
  gpuOf,
  selfHosting,
} from '../../../src/analysis/calculator.ts';
import { suiteSchema } from '../../../src/config/schema.ts';
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
    const k = calculate(c, {
      tasksPerDay: 1000,
      selfHost: {
        gpuUsdPerHour: 2,
        promptTokensPerSecond: 4000,
        outputTokensPerSecond: 200,
        utilisation: 0.5,
      },
    });
    expect(k.tokensPerTask).toBe(1000); // reasoning is inside output, not added again
    expect(k.promptTokensPerTask).toBe(800);
    expect(k.outputTokensPerTask).toBe(200);
    expect(k.selfHostGpuMonthlyUsd).toBe(1440);
    expect(k.selfHostBreakEvenTasksPerDay).toBeCloseTo(24_000, 8);
    expect(k.selfHostBreakEvenTokensPerDay).toBeCloseTo(24_000_000, 4);
    // a task: 800 / 4000 + 200 / 200 = 1.2 GPU-seconds; busy half the day: 43,200 / 1.2 = 36,000 tasks
    expect(k.selfHostCapacityTasksPerDay).toBeCloseTo(36_000, 8);
    expect(k.selfHostUtilisation).toBe(0.5);
    expect(k.selfHostCanServeBreakEven).toBe(true);
    expect(k.selfHostGpusAtVolume).toBe(1);
    expect(k.selfHostMonthlyUsdAtVolume).toBe(1440);
  });

  it('prompt and output throughput differ: one figure for both overstates capacity when decode is slower', () => {
    const split = calculate(c, {
      tasksPerDay: 1000,
      selfHost: { gpuUsdPerHour: 2, promptTokensPerSecond: 5000, outputTokensPerSecond: 100, utilisation: 1 },
    });
    // 800 / 5000 + 200 / 100 = 2.16 s a task → 40,000 tasks a day
    expect(split.selfHostCapacityTasksPerDay).toBeCloseTo(40_000, 8);
    const single = calculate(c, {
      tasksPerDay: 1000,
      selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 500, utilisation: 1 },
    });
    // the deprecated single figure stands for both: 1000 / 500 = 2 s → 43,200, the old formula
    expect(single.selfHostCapacityTasksPerDay).toBeCloseTo(43_200, 8);
  });

  it('assumes a GPU busy half the day unless the suite says otherwise', () => {
    expect(DEFAULT_GPU_UTILISATION).toBe(0.5);
    const g = gpuOf({ gpuUsdPerHour: 1, tokensPerSecond: 300 });
    expect(g).toEqual({
      gpuUsdPerHour: 1,
      promptTokensPerSecond: 300,
      outputTokensPerSecond: 300,
      utilisation: 0.5,
    });
    const busy = calculate(c, { tasksPerDay: 1000, selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 500 } });
    expect(busy.selfHostCapacityTasksPerDay).toBeCloseTo(21_600, 8);
  });

  it('validates selfHost: both throughputs, or the deprecated single one, and utilisation in (0, 1]', () => {
    const base = { dataset: 'd.jsonl', models: ['sim:sim-mid'], scorers: [{ type: 'equals' }] };
    const parse = (selfHost: unknown) =>
      suiteSchema.safeParse({ ...base, projection: { tasksPerDay: 1, selfHost } });
    expect(parse({ gpuUsdPerHour: 1, promptTokensPerSecond: 1, outputTokensPerSecond: 1 }).success).toBe(
      true,
    );
    expect(parse({ gpuUsdPerHour: 1, tokensPerSecond: 1 }).success).toBe(true);
    const messages = (v: unknown) => {
      const r = parse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(messages({ gpuUsdPerHour: 1 })).toEqual([
      'projection.selfHost.promptTokensPerSecond: promptTokensPerSecond and outputTokensPerSecond (tokens per second per GPU)',
    ]);
    expect(messages({ gpuUsdPerHour: 1, promptTokensPerSecond: 1 })).toEqual([
      'projection.selfHost.outputTokensPerSecond: both promptTokensPerSecond and outputTokensPerSecond',
    ]);
    expect(
      messages({
        gpuUsdPerHour: 1,
        promptTokensPerSecond: 1,
        outputTokensPerSecond: 1,
        tokensPerSecond: 1,
      })[0],
    ).toContain('not both');
    expect(parse({ gpuUsdPerHour: 1, tokensPerSecond: 1, utilisation: 1.5 }).success).toBe(false);
    expect(parse({ gpuUsdPerHour: 1, tokensPerSecond: 1, utilisation: 0 }).success).toBe(false);
  });

  it('adds the judge per sample to the API cost only with includeJudge', () => {
    const judged = { ...c, judgeCostUsd: 0.1 }; // $0.001 per sample
    expect(calculate(judged, { tasksPerDay: 1000 }).apiMonthlyUsd).toBeCloseTo(60, 12);
    const k = calculate(judged, { tasksPerDay: 1000, includeJudge: true });
    expect(k.apiMonthlyUsd).toBeCloseTo(90, 12);
    expect(k.judgeIncluded).toBe(true);
    expect(
      calculate({ ...c, judgeCostUsd: null }, { tasksPerDay: 1000, includeJudge: true }).apiMonthlyUsd,
    ).toBeNull();
  });

  it('says when a GPU cannot reach break-even, and how many GPUs a volume needs', () => {
    const gpu = { gpuUsdPerHour: 2, promptTokensPerSecond: 100, outputTokensPerSecond: 100, utilisation: 1 };
    const slow = selfHosting(gpu, 50_000, 0.002, 1000, { prompt: 800, output: 200 });
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
    const gpu = { gpuUsdPerHour: 1, promptTokensPerSecond: 1, outputTokensPerSecond: 1, utilisation: 1 };
    expect(selfHosting(gpu, 10, 0, 100, { prompt: 50, output: 50 }).breakEvenTasksPerDay).toBeNull();
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
