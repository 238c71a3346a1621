/**
 * cases.csv: one row per sample, in records.jsonl order. `scores` summarises every scorer as
 * `NAME=pass|fail` (with its reason in parentheses when it gave one), joined by `; `. Tokens are
 * flattened as `tokens.input` etc.; the judge's usage is reduced to `judgeCostUsd`; the error is split
 * into `error.kind`, `error.status` and `error.message`. `null` is an empty cell. After these fixed
 * columns come the case's own: `expected`, then `input.NAME` for each other dataset field, in the
 * order the dataset's cases first use them (text as is, anything else as JSON).
 */
import type { SampleRecord } from '../log/records-file.ts';
import type { ScoreResult } from '../scorers/score-result.ts';
import type { CsvCell } from './csv-cell.ts';
import { fieldText } from './field-text.ts';

type Column = readonly [header: string, get: (r: SampleRecord) => CsvCell];

/** Every cases.csv column, in order. */
export const CASES_CSV_COLUMNS: readonly Column[] = [
  ['candidate', (r) => r.candidate],
  ['model', (r) => r.model],
  ['prompt', (r) => r.prompt],
  ['caseId', (r) => r.caseId],
  ['repeat', (r) => r.repeat],
  ['status', (r) => r.status],
  ['output', (r) => r.output],
  ['scores', (r) => summarizeScores(r.scores)],
  ['attempts', (r) => r.attempts],
  ['retries', (r) => r.retries],
  ['tokens.input', (r) => r.tokens.input],
  ['tokens.cacheRead', (r) => r.tokens.cacheRead],
  ['tokens.cacheWrite', (r) => r.tokens.cacheWrite],
  ['tokens.output', (r) => r.tokens.output],
  ['tokens.reasoning', (r) => r.tokens.reasoning],
  ['costUsd', (r) => r.costUsd],
  ['spentUsd', (r) => r.spentUsd],
  ['cached', (r) => r.cached],
  ['latencyMs', (r) => r.latencyMs],
  ['calls', (r) => r.calls ?? null],
  ['judgeCostUsd', (r) => r.judge?.costUsd ?? null],
  ['error.kind', (r) => r.error?.kind ?? null],
  ['error.status', (r) => r.error?.status ?? null],
  ['error.message', (r) => r.error?.message ?? null],
];

/** The dataset's field names for the `input.NAME` columns: every field but `expected`, in first-use order. */
export function caseFieldNames(cases: Iterable<Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const fields of cases) for (const k of Object.keys(fields)) if (k !== 'expected') names.add(k);
  return [...names];
}

/** The header of cases.csv, given the dataset's field names. */
export function casesCsvHeader(fieldNames: readonly string[]): string[] {
  return [...CASES_CSV_COLUMNS.map(([h]) => h), 'expected', ...fieldNames.map((n) => `input.${n}`)];
}

/** The cells of one cases.csv row, given its case's fields (undefined: not in cases.jsonl). */
export function caseCsvRow(
  record: SampleRecord,
  fields?: Record<string, unknown>,
  fieldNames: readonly string[] = [],
): CsvCell[] {
  const own = (v: unknown): CsvCell => (v === undefined ? null : fieldText(v));
  return [
    ...CASES_CSV_COLUMNS.map(([, get]) => get(record)),
    own(fields?.expected),
    ...fieldNames.map((n) => own(fields?.[n])),
  ];
}

/**
 * `equals=pass; regex=fail (no match)`: every scorer's verdict in one cell.
 * @example summarizeScores([{ scorer: 'equals', pass: true, score: 1, reason: '' }]) // 'equals=pass'
 */
export function summarizeScores(scores: readonly ScoreResult[] | undefined): string {
  return (scores ?? [])
    .map((s) => `${s.scorer}=${s.pass ? 'pass' : 'fail'}${s.reason ? ` (${s.reason})` : ''}`)
    .join('; ');
}
