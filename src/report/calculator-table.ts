/**
 * The production calculator as the reports show it: one row per candidate with the projection's
 * monthly and year-one figures, the self-hosting break-even, the formulas and why they are honest.
 */
import { CALCULATOR_FORMULAS } from '../analysis/calculator.ts';
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatBool, formatDecimal, formatInt } from '../format/number.ts';
import type { Summary } from '../log/summary-file.ts';

export interface CalculatorTable {
  /** The inputs, in one line: volume, monitoring, review, growth, GPU. */
  inputs: string;
  columns: string[];
  rows: { id: string; pick: boolean; cells: string[] }[];
  formulas: readonly string[];
  /** Why these figures can be trusted more than a spreadsheet's. */
  honesty: string;
}

/** The calculator table, or null when the suite has no `projection` (or the summary predates it). */
export function buildCalculatorTable(summary: Summary): CalculatorTable | null {
  const p = summary.projection;
  if (!p || !summary.candidates.some((c) => c.calculator)) return null;
  const selfHost = p.selfHost !== undefined;
  const columns = [
    'Candidate',
    'Calls / task',
    'API / month',
    'Monitoring / month',
    'Human review / month',
    'Total / month',
    `Year one (×${formatDecimal(p.growth ?? 1)})`,
    'All-in / success',
  ];
  if (selfHost) columns.push('Self-host break-even (tasks / day)', 'One GPU serves it', 'GPUs at volume');
  const rows = summary.candidates.map((c) => {
    const k = c.calculator;
    const cells = [
      formatDecimal(c.meanCallsPerSample),
      formatUsd(k?.apiMonthlyUsd),
      formatUsd(k?.monitoringMonthlyUsd),
      formatUsd(k?.humanReviewMonthlyUsd),
      formatUsd(k?.monthlyTotalUsd),
      formatUsd(k?.yearOneUsd),
      formatUsd(k?.allInCostPerSuccessUsd),
    ];
    if (selfHost) {
      cells.push(
        formatInt(k?.selfHostBreakEvenTasksPerDay),
        formatBool(k?.selfHostCanServeBreakEven),
        k?.selfHostGpusAtVolume == null
          ? EMPTY
          : `${formatInt(k.selfHostGpusAtVolume)} (${formatUsd(k.selfHostMonthlyUsdAtVolume)} / month)`,
      );
    }
    return { id: c.id, pick: c.id === summary.recommendation.candidate, cells };
  });
  const inputs = [
    `${formatInt(p.tasksPerDay)} tasks per day`,
    `monitoring ${formatUsd(p.monitoringUsdPerMonth ?? 0)} a month`,
    `human review ${formatUsd(p.humanReviewUsdPerTask ?? 0)} per task`,
    `growth ×${formatDecimal(p.growth ?? 1)} in year one`,
    ...(p.selfHost
      ? [
          `self-hosting at ${formatUsd(p.selfHost.gpuUsdPerHour)} per GPU-hour, ${formatInt(p.selfHost.tokensPerSecond)} tokens/s per GPU`,
        ]
      : []),
  ].join(' · ');
  return {
    inputs,
    columns,
    rows,
    formulas: CALCULATOR_FORMULAS.filter((_, i) => selfHost || i < 3),
    honesty:
      'A spreadsheet guesses calls per task, tokens per call, the retry rate and the failure rate. Here they are measured: ' +
      'cost per sample comes from this run and already includes every call a task made, every retry, and the tasks that failed. ' +
      'Only the volume, monitoring, review, growth and GPU figures are assumptions (the suite’s projection). ' +
      'Self-hosting assumes a model of the same quality; measure it as a candidate before you buy GPUs.',
  };
}
