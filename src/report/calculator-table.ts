/**
 * The production calculator as the reports show it: one row per candidate with the projection's
 * monthly and year-one figures, the self-hosting break-even, the formulas and why they are honest.
 */
import { CALCULATOR_FORMULAS, gpuOf } from '../analysis/calculator.ts';
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatBool, formatDecimal, formatInt } from '../format/number.ts';
import { formatPct } from '../format/percent.ts';
import type { Summary } from '../log/summary-file.ts';

export interface CalculatorTable {
  /** The inputs, in one line: volume, monitoring, review, growth, GPU. */
  inputs: string;
  columns: string[];
  rows: { id: string; pick: boolean; cells: string[] }[];
  formulas: readonly string[];
  /** Why these figures can be trusted more than a spreadsheet's. */
  honesty: string;
  /** What the figures inherit from the eval, besides the projection's inputs: one line each. */
  assumptions: string[];
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
    ...(p.selfHost ? [`self-hosting at ${formatUsd(p.selfHost.gpuUsdPerHour)} per GPU-hour`] : []),
  ].join(' · ');
  return {
    inputs,
    columns,
    rows,
    formulas: CALCULATOR_FORMULAS.filter((_, i) => selfHost || i < 3),
    honesty:
      'A spreadsheet guesses calls per task, tokens per call, the retry rate and the failure rate. Here they are measured: ' +
      'cost per sample comes from this run and already includes every call a task made, every retry, and the tasks that failed. ' +
      'Besides the volume, monitoring, review, growth and GPU figures (the suite’s projection), the figures assume what the eval ran under; ' +
      'the assumptions listed here say what that is. ' +
      'Self-hosting assumes a model of the same quality; measure it as a candidate before you buy GPUs.',
    assumptions: calculatorAssumptions(summary),
  };
}

/**
 * What the calculator inherits from the eval: the tariff the costs were paid at, the provider's
 * prompt-cache hit rate, the judge cost left out (or added), and, for self-hosting, the GPU's
 * utilisation and throughput.
 */
export function calculatorAssumptions(summary: Summary): string[] {
  const p = summary.projection!;
  const out = [
    summary.prices.batch
      ? 'Tariff: the batch price this run paid (the batch discount off list price). Production traffic sent live pays list price, more per task (×2 at a 50% discount).'
      : 'Tariff: list price (answers replayed from the response cache at the tariff they were bought at, a batch answer at the batch price).',
  ];
  const shares = summary.candidates
    .filter((c) => (c.promptCacheShare ?? 0) > 0)
    .map((c) => `${c.id} ${formatPct(c.promptCacheShare ?? null)}`);
  out.push(
    shares.length > 0
      ? `Provider prompt cache: this eval's hit rate carries over (share of prompt tokens read from the provider's cache: ${shares.join(', ')}). Production traffic may hit the cache more or less.`
      : "Provider prompt cache: no prompt tokens came from the provider's cache in this eval; production traffic that repeats long prefixes may pay less.",
  );
  out.push(judgeAssumption(summary, p.includeJudge === true));
  if (p.selfHost) {
    const g = gpuOf(p.selfHost);
    const throughput =
      p.selfHost.promptTokensPerSecond !== undefined
        ? `prompt ${formatInt(g.promptTokensPerSecond)} tokens/s and output ${formatInt(g.outputTokensPerSecond)} tokens/s per GPU`
        : `one figure, ${formatInt(g.outputTokensPerSecond)} tokens/s per GPU, for prompt and output alike (tokensPerSecond is deprecated: set promptTokensPerSecond and outputTokensPerSecond; decode is usually much slower than prefill)`;
    out.push(
      `Self-hosting: each GPU busy ${formatPct(g.utilisation, 0)} of the day (selfHost.utilisation${p.selfHost.utilisation === undefined ? ', the default' : ''}), at ${throughput}; the GPU is paid around the clock either way.`,
    );
  }
  return out;
}

function judgeAssumption(summary: Summary, included: boolean): string {
  const judged = summary.candidates.filter(
    (c) => c.judgeCostUsd !== null && c.judgeCostUsd > 0 && c.samples > 0,
  );
  if (judged.length === 0 && summary.candidates.every((c) => c.judgeCostUsd !== null))
    return 'Judge costs: none in this eval.';
  const perSample = judged.map((c) => `${c.id} ${formatUsd(c.judgeCostUsd! / c.samples)}`).join(', ');
  return included
    ? `Judge costs: included (projection.includeJudge): the eval's judge cost per sample is added to the API cost${perSample ? ` (${perSample})` : ''}.`
    : `Judge costs: excluded: the API cost leaves out the eval's judge calls${perSample ? ` (per sample: ${perSample})` : ''}; set projection.includeJudge: true if production runs the judge too.`;
}
