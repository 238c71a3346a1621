/**
 * The production calculator (docs/features.md, "Production calculator"), with the guesses replaced
 * by measurements: a candidate's cost per sample already holds its calls per task, its tokens, its
 * retries and the tasks that failed. Pure: the same figures in give the same figures out.
 */
import type { CalculatorFigures, CandidateSummary, ProjectionConfig } from '../log/summary-file.ts';
import { DAYS_PER_MONTH, projectedMonthlyUsd } from './projection.ts';

/** Hours in the projected month of 30 days. */
const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;
const SECONDS_PER_DAY = 86_400;

/** The formulas, for reports. */
export const CALCULATOR_FORMULAS = [
  'API / month = tasks per day × 30 × measured cost per sample (retries, extra calls and failed tasks included)',
  'monthly total = API / month + monitoring / month + human review per task × tasks per month',
  'year one = monthly total × 12 × growth',
  'self-host break-even = GPU / month ÷ (30 × cost per sample) tasks per day, where GPU / month = $ per GPU-hour × 24 × 30; one GPU serves tokens per second × 86,400 ÷ tokens per task tasks a day',
] as const;

/** The candidate figures the calculator reads. */
export type CalculatorInput = Pick<CandidateSummary, 'samples' | 'accuracy' | 'costPerSampleUsd' | 'tokens'>;

/**
 * Projects one candidate into production at `projection.tasksPerDay`.
 *
 * - `apiMonthlyUsd` = tasksPerDay × 30 × costPerSampleUsd (null when the cost is unknown).
 * - `monthlyTotalUsd` = apiMonthlyUsd + monitoringUsdPerMonth + humanReviewUsdPerTask × tasksPerMonth.
 * - `yearOneUsd` = monthlyTotalUsd × 12 × growth (growth defaults to 1: no growth; teams
 *   commonly budget 2–3×).
 * - With `selfHost`: `selfHostBreakEvenTasksPerDay` = gpuUsdPerHour × 24 × 30 / (30 × costPerSampleUsd),
 *   the volume at which one GPU running all month costs what the API does; and whether that GPU can
 *   serve that volume at tokensPerSecond × 86400 tokens a day, given the measured tokens per task.
 *
 * @example calculate({ samples: 100, accuracy: 0.9, costPerSampleUsd: 0.001, tokens }, { tasksPerDay: 1000 }).apiMonthlyUsd // 30
 */
export function calculate(c: CalculatorInput, projection: ProjectionConfig): CalculatorFigures {
  const tasksPerDay = projection.tasksPerDay;
  const tasksPerMonth = tasksPerDay * DAYS_PER_MONTH;
  const cps = c.costPerSampleUsd !== null && Number.isFinite(c.costPerSampleUsd) ? c.costPerSampleUsd : null;
  // the candidate's projectedMonthlyUsd, by the same formula
  const apiMonthlyUsd = projectedMonthlyUsd(cps, tasksPerDay);
  const monitoringMonthlyUsd = projection.monitoringUsdPerMonth ?? 0;
  const humanReviewMonthlyUsd = (projection.humanReviewUsdPerTask ?? 0) * tasksPerMonth;
  const monthlyTotalUsd =
    apiMonthlyUsd === null ? null : apiMonthlyUsd + monitoringMonthlyUsd + humanReviewMonthlyUsd;
  const growth = projection.growth ?? 1;
  const successesPerMonth = c.accuracy === null ? null : tasksPerMonth * c.accuracy;
  const tokensPerTask =
    c.samples > 0
      ? (c.tokens.input + c.tokens.cacheRead + c.tokens.cacheWrite + c.tokens.output) / c.samples
      : null;

  const selfHost = projection.selfHost
    ? selfHosting(projection.selfHost, tasksPerDay, cps, tokensPerTask)
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
  };
}

/** Self-hosting on GPUs that run all month, against this candidate's measured API cost. */
export function selfHosting(
  gpu: { gpuUsdPerHour: number; tokensPerSecond: number },
  tasksPerDay: number,
  costPerSampleUsd: number | null,
  tokensPerTask: number | null,
) {
  const gpuMonthlyUsd = gpu.gpuUsdPerHour * HOURS_PER_MONTH;
  const capacityTokensPerDay = gpu.tokensPerSecond * SECONDS_PER_DAY;
  const capacityTasksPerDay =
    tokensPerTask === null || tokensPerTask <= 0 ? null : capacityTokensPerDay / tokensPerTask;
  // a free candidate (cost 0) never breaks even: the API is cheaper at any volume
  const breakEvenTasksPerDay =
    costPerSampleUsd === null || costPerSampleUsd <= 0
      ? null
      : gpuMonthlyUsd / (DAYS_PER_MONTH * costPerSampleUsd);
  const gpusAtVolume =
    capacityTasksPerDay === null ? null : Math.max(1, Math.ceil(tasksPerDay / capacityTasksPerDay));
  return {
    gpuMonthlyUsd,
    capacityTokensPerDay,
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
