/** Days in the projected month. */
export const DAYS_PER_MONTH = 30;

/** How the report explains the projected monthly cost. */
export const PROJECTION_FORMULA =
  'projected monthly cost = tasks per day × 30 days × cost per sample (failed samples and retries included)';

/**
 * The monthly cost of running a candidate at `tasksPerDay`, at its observed cost per sample.
 * Cost per sample (not per success) is used because failed tasks are paid for too.
 *
 * @returns USD per month, or `null` when the cost per sample is unknown (unpriced or no samples).
 * @example projectedMonthlyUsd(0.0004, 5000) // 60
 */
export function projectedMonthlyUsd(costPerSampleUsd: number | null, tasksPerDay: number): number | null {
  if (costPerSampleUsd === null || !Number.isFinite(costPerSampleUsd)) return null;
  if (!Number.isFinite(tasksPerDay) || tasksPerDay < 0) {
    throw new RangeError(`Expected tasksPerDay to be a number from 0 and up, got ${tasksPerDay}.`);
  }
  return tasksPerDay * DAYS_PER_MONTH * costPerSampleUsd;
}
