/**
 * The production calculator (docs/features.md, "Production calculator"), with the guesses replaced
 * by measurements: a candidate's cost per sample already holds its calls per task, its tokens, its
 * retries and the tasks that failed. It also inherits what the eval ran under (the tariff paid, the
 * provider's prompt-cache hit rate, the judge cost it leaves out or adds); the reports list those
 * (src/report/calculator-table.ts). Pure: the same figures in give the same figures out.
 */
import type { CalculatorFigures, CandidateSummary, ProjectionConfig } from '../log/summary-file.ts';
import { promptTokensOf } from '../pricing/tokens.ts';
import { DAYS_PER_MONTH, projectedMonthlyUsd } from './projection.ts';

/** The share of the day a self-hosted GPU is busy when the suite does not say. */
export const DEFAULT_GPU_UTILISATION = 0.5;

/** Hours in the projected month of 30 days. */
const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;
const SECONDS_PER_DAY = 86_400;

/** The formulas, for reports. */
export const CALCULATOR_FORMULAS = [
  'API / month = tasks per day × 30 × measured cost per sample (retries, extra calls and failed tasks included; plus the judge per sample with includeJudge)',
  'monthly total = API / month + monitoring / month + human review per task × tasks per month',
  'year one = monthly total × 12 × growth',
  'self-host break-even = GPU / month ÷ (30 × cost per sample) tasks per day, where GPU / month = $ per GPU-hour × 24 × 30; one GPU serves 86,400 × utilisation ÷ (prompt tokens per task ÷ prompt tokens/s + output tokens per task ÷ output tokens/s) tasks a day',
] as const;

/** The candidate figures the calculator reads. */
export type CalculatorInput = Pick<CandidateSummary, 'samples' | 'accuracy' | 'costPerSampleUsd' | 'tokens'> &
  Partial<Pick<CandidateSummary, 'judgeCostUsd'>>;

/**
 * Projects one candidate into production at `projection.tasksPerDay`.
 *
 * - `apiMonthlyUsd` = tasksPerDay × 30 × costPerSampleUsd (null when the cost is unknown); with
 *   `includeJudge`, the judge's cost per sample is added to the cost per sample.
 * - `monthlyTotalUsd` = apiMonthlyUsd + monitoringUsdPerMonth + humanReviewUsdPerTask × tasksPerMonth.
 * - `yearOneUsd` = monthlyTotalUsd × 12 × growth (growth defaults to 1: no growth; teams
 *   commonly budget 2–3×).
 * - With `selfHost`: `selfHostBreakEvenTasksPerDay` = gpuUsdPerHour × 24 × 30 / (30 × costPerSampleUsd),
 *   the volume at which one GPU running all month costs what the API does; and whether that GPU can
 *   serve that volume, busy `utilisation` of the day at its prompt and output throughput, given the
 *   measured prompt and output tokens per task.
 *
 * @example calculate({ samples: 100, accuracy: 0.9, costPerSampleUsd: 0.001, tokens }, { tasksPerDay: 1000 }).apiMonthlyUsd // 30
 */
export function calculate(c: CalculatorInput, projection: ProjectionConfig): CalculatorFigures {
  const tasksPerDay = projection.tasksPerDay;
  const tasksPerMonth = tasksPerDay * DAYS_PER_MONTH;
  const cps = costPerTask(c, projection.includeJudge === true);
  // the candidate's projectedMonthlyUsd, by the same formula
  const apiMonthlyUsd = projectedMonthlyUsd(cps, tasksPerDay);
  const monitoringMonthlyUsd = projection.monitoringUsdPerMonth ?? 0;
  const humanReviewMonthlyUsd = (projection.humanReviewUsdPerTask ?? 0) * tasksPerMonth;
  const monthlyTotalUsd =
    apiMonthlyUsd === null ? null : apiMonthlyUsd + monitoringMonthlyUsd + humanReviewMonthlyUsd;
  const growth = projection.growth ?? 1;
  const successesPerMonth = c.accuracy === null ? null : tasksPerMonth * c.accuracy;
  const promptTokensPerTask = c.samples > 0 ? promptTokensOf(c.tokens) / c.samples : null;
  const outputTokensPerTask = c.samples > 0 ? c.tokens.output / c.samples : null;
  const tokensPerTask =
    promptTokensPerTask === null || outputTokensPerTask === null
      ? null
      : promptTokensPerTask + outputTokensPerTask;
  const gpu = projection.selfHost ? gpuOf(projection.selfHost) : null;
  const selfHost = gpu
    ? selfHosting(gpu, tasksPerDay, cps, tokensPerTask, {
        prompt: promptTokensPerTask,
        output: outputTokensPerTask,
      })
    : null;
  return {
    tasksPerDay,
    tasksPerMonth,
    apiMonthlyUsd,
    monitoringMonthlyUsd,
    humanReviewMonthlyUsd,
    monthlyTotalUsd,
    allInCostPerSuccessUsd:
      monthlyTotalUsd === null || successesPerMonth === null || successesPerMonth === 0
        ? null
        : monthlyTotalUsd / successesPerMonth,
    growth,
    yearOneUsd: monthlyTotalUsd === null ? null : monthlyTotalUsd * 12 * growth,
    tokensPerTask,
    selfHostGpuMonthlyUsd: selfHost?.gpuMonthlyUsd ?? null,
    selfHostCapacityTasksPerDay: selfHost?.capacityTasksPerDay ?? null,
    selfHostBreakEvenTasksPerDay: selfHost?.breakEvenTasksPerDay ?? null,
    selfHostBreakEvenTokensPerDay: selfHost?.breakEvenTokensPerDay ?? null,
    selfHostCanServeBreakEven: selfHost?.canServeBreakEven ?? null,
    selfHostGpusAtVolume: selfHost?.gpusAtVolume ?? null,
    selfHostMonthlyUsdAtVolume: selfHost?.monthlyAtVolume ?? null,
    promptTokensPerTask,
    outputTokensPerTask,
    judgeIncluded: projection.includeJudge === true,
    selfHostUtilisation: gpu?.utilisation ?? null,
  };
}

/** The cost per task the projection uses: the candidate's cost per sample, plus its judge's when asked. */
function costPerTask(c: CalculatorInput, includeJudge: boolean): number | null {
  const cps = c.costPerSampleUsd !== null && Number.isFinite(c.costPerSampleUsd) ? c.costPerSampleUsd : null;
  if (!includeJudge || cps === null) return cps;
  if (c.judgeCostUsd === null) return null;
  return c.samples > 0 ? cps + (c.judgeCostUsd ?? 0) / c.samples : cps;
}

/** A GPU as the calculator reads it: both throughputs (the deprecated single figure for both) and utilisation. */
export interface Gpu {
  gpuUsdPerHour: number;
  promptTokensPerSecond: number;
  outputTokensPerSecond: number;
  utilisation: number;
}

/** The suite's `selfHost`, with the deprecated `tokensPerSecond` standing for both throughputs. */
export function gpuOf(s: NonNullable<ProjectionConfig['selfHost']>): Gpu {
  return {
    gpuUsdPerHour: s.gpuUsdPerHour,
    promptTokensPerSecond: s.promptTokensPerSecond ?? s.tokensPerSecond!,
    outputTokensPerSecond: s.outputTokensPerSecond ?? s.tokensPerSecond!,
    utilisation: s.utilisation ?? DEFAULT_GPU_UTILISATION,
  };
}

/**
 * Self-hosting on GPUs paid all month and busy `utilisation` of it, against this candidate's
 * measured API cost. A task takes prompt tokens ÷ prompt throughput plus output tokens ÷ output
 * throughput GPU-seconds.
 */
export function selfHosting(
  gpu: Gpu,
  tasksPerDay: number,
  costPerSampleUsd: number | null,
  tokensPerTask: number | null,
  split: { prompt: number | null; output: number | null },
) {
  const gpuMonthlyUsd = gpu.gpuUsdPerHour * HOURS_PER_MONTH;
  const secondsPerTask =
    split.prompt === null || split.output === null
      ? null
      : split.prompt / gpu.promptTokensPerSecond + split.output / gpu.outputTokensPerSecond;
  const capacityTasksPerDay =
    secondsPerTask === null || secondsPerTask <= 0
      ? null
      : (SECONDS_PER_DAY * gpu.utilisation) / secondsPerTask;
  // a free candidate (cost 0) never breaks even: the API is cheaper at any volume
  const breakEvenTasksPerDay =
    costPerSampleUsd === null || costPerSampleUsd <= 0
      ? null
      : gpuMonthlyUsd / (DAYS_PER_MONTH * costPerSampleUsd);
  const gpusAtVolume =
    capacityTasksPerDay === null ? null : Math.max(1, Math.ceil(tasksPerDay / capacityTasksPerDay));
  return {
    gpuMonthlyUsd,
    capacityTasksPerDay,
    breakEvenTasksPerDay,
    breakEvenTokensPerDay:
      breakEvenTasksPerDay === null || tokensPerTask === null ? null : breakEvenTasksPerDay * tokensPerTask,
    canServeBreakEven:
      breakEvenTasksPerDay === null || capacityTasksPerDay === null
        ? null
        : capacityTasksPerDay >= breakEvenTasksPerDay,
    gpusAtVolume,
    monthlyAtVolume: gpusAtVolume === null ? null : gpusAtVolume * gpuMonthlyUsd,
  };
}
