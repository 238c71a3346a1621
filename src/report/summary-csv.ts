/**
 * summary.csv: one row per candidate, one column per CandidateSummary field, in the field order of
 * `src/log/summary-file.ts`. Nested fields are flattened with a dot: `tokens.input`, `tokens.cacheRead`,
 * `tokens.cacheWrite`, `tokens.output`, `tokens.reasoning`, `stopError.kind`, `stopError.status`,
 * `stopError.message`, and `calculator.apiMonthlyUsd` with the calculator's other figures;
 * `errorsByKind` is written `kind=count;kind=count`. One extra
 * column, `recommended`, is `true` on the pick. Numbers are written unrounded (USD and proportions
 * 0..1) so spreadsheets can compute with them; `null` is an empty cell.
 */
import type { CalculatorFigures, CandidateSummary, Summary } from '../log/summary-file.ts';
import { type CsvCell, csvText } from './csv-cell.ts';

type Column = readonly [header: string, get: (c: CandidateSummary) => CsvCell];

/** The calculator's figures, flattened as `calculator.FIELD` (empty without a projection). */
const CALCULATOR_FIELDS = [
  'tasksPerDay',
  'tasksPerMonth',
  'apiMonthlyUsd',
  'monitoringMonthlyUsd',
  'humanReviewMonthlyUsd',
  'monthlyTotalUsd',
  'allInCostPerSuccessUsd',
  'growth',
  'yearOneUsd',
  'tokensPerTask',
  'selfHostGpuMonthlyUsd',
  'selfHostCapacityTasksPerDay',
  'selfHostBreakEvenTasksPerDay',
  'selfHostBreakEvenTokensPerDay',
  'selfHostCanServeBreakEven',
  'selfHostGpusAtVolume',
  'selfHostMonthlyUsdAtVolume',
] as const satisfies ReadonlyArray<keyof CalculatorFigures>;

/** Every summary.csv column, in order. */
export const SUMMARY_CSV_COLUMNS: readonly Column[] = [
  ['id', (c) => c.id],
  ['model', (c) => c.model],
  ['prompt', (c) => c.prompt],
  ['provider', (c) => c.provider],
  ['samples', (c) => c.samples],
  ['passed', (c) => c.passed],
  ['failed', (c) => c.failed],
  ['errored', (c) => c.errored],
  ['notRun', (c) => c.notRun],
  ['accuracy', (c) => c.accuracy],
  ['accuracyLow', (c) => c.accuracyLow],
  ['accuracyHigh', (c) => c.accuracyHigh],
  ['tokens.input', (c) => c.tokens.input],
  ['tokens.cacheRead', (c) => c.tokens.cacheRead],
  ['tokens.cacheWrite', (c) => c.tokens.cacheWrite],
  ['tokens.output', (c) => c.tokens.output],
  ['tokens.reasoning', (c) => c.tokens.reasoning],
  ['requests', (c) => c.requests],
  ['retries', (c) => c.retries],
  ['cachedSamples', (c) => c.cachedSamples],
  ['calls', (c) => c.calls],
  ['meanCallsPerSample', (c) => c.meanCallsPerSample],
  ['costUsd', (c) => c.costUsd],
  ['spentUsd', (c) => c.spentUsd],
  ['judgeCostUsd', (c) => c.judgeCostUsd],
  ['costPerSuccessUsd', (c) => c.costPerSuccessUsd],
  ['costPerSampleUsd', (c) => c.costPerSampleUsd],
  ['latencyMsP50', (c) => c.latencyMsP50],
  ['latencyMsP95', (c) => c.latencyMsP95],
  ['meetsBar', (c) => c.meetsBar],
  ['onFrontier', (c) => c.onFrontier],
  ['earlyStopped', (c) => c.earlyStopped],
  ['earlyStopReason', (c) => c.earlyStopReason],
  ['savedUsd', (c) => c.savedUsd],
  ['projectedMonthlyUsd', (c) => c.projectedMonthlyUsd],
  ['stopError.kind', (c) => c.stopError?.kind ?? null],
  ['stopError.status', (c) => c.stopError?.status ?? null],
  ['stopError.message', (c) => c.stopError?.message ?? null],
  ['promptCacheShare', (c) => c.promptCacheShare ?? null],
  ['cachingSavedUsd', (c) => c.cachingSavedUsd ?? null],
  ...CALCULATOR_FIELDS.map((k): Column => [`calculator.${k}`, (c) => c.calculator?.[k] ?? null]),
  ['scored', (c) => c.scored ?? null],
  ['notScored', (c) => c.notScored ?? null],
  ['coverage', (c) => c.coverage ?? null],
  ['errorsByKind', (c) => kindCounts(c.errorsByKind)],
  ['incomplete', (c) => c.incomplete ?? null],
];

/** `connection=12;timeout=1`, or null when the candidate had no errors (or the summary predates them). */
function kindCounts(counts: Record<string, number> | undefined): string | null {
  const entries = Object.entries(counts ?? {});
  return entries.length === 0 ? null : entries.map(([k, n]) => `${k}=${n}`).join(';');
}

/**
 * Renders summary.csv for a run.
 * @returns the CSV text, header row first, ending with a newline.
 */
export function renderSummaryCsv(summary: Summary): string {
  const header = [...SUMMARY_CSV_COLUMNS.map(([h]) => h), 'recommended'];
  const rows = summary.candidates.map((c) => [
    ...SUMMARY_CSV_COLUMNS.map(([, get]) => get(c)),
    c.id === summary.recommendation.candidate,
  ]);
  return csvText([header, ...rows]);
}
