/**
 * cases.csv: one row per sample, in records.jsonl order. `scores` summarises every scorer as
 * `NAME=pass|fail` (with its reason in parentheses when it gave one), joined by `; `. Tokens are
 * flattened as `tokens.input` etc.; the judge's usage is reduced to `judgeCostUsd`; the error is split
 * into `error.kind`, `error.status` and `error.message`. `null` is an empty cell.
 */
import type { SampleRecord } from '../log/records-file.ts';
import type { ScoreResult } from '../scorers/score-result.ts';
import type { CsvCell } from './csv-cell.ts';

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

/** The cells of one cases.csv row. */
export function caseCsvRow(record: SampleRecord): CsvCell[] {
  return CASES_CSV_COLUMNS.map(([, get]) => get(record));
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
