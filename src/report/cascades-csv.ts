/**
 * cascades.csv: written beside summary.csv when the suite declares cascades. One row per cascade
 * (`kind` = `cascade`) and one for the oracle-router bound (`kind` = `oracle`), with the fields of
 * `summary.json`'s `cascades[]` and `oracle`. Kept apart from summary.csv so that file stays one row
 * per candidate with one column per CandidateSummary field. `steps` and `answeredBy` are joined with
 * ` > ` and `; `. `checkCostUsd` is the judge calls of the check included in `costUsd`; `optimistic` is
 * the note of a cascade whose check reads the reference (empty otherwise). Numbers are unrounded;
 * `null` is an empty cell.
 */
import type { Summary } from '../log/summary-file.ts';
import { describeCheck } from './cascade-table.ts';
import { type CsvCell, csvText } from './csv-cell.ts';

/** One row of cascades.csv: a cascade, or the oracle router (which has no check-specific figures). */
type Row =
  | ({ kind: 'cascade' } & NonNullable<Summary['cascades']>[number])
  | ({ kind: 'oracle' } & NonNullable<Summary['oracle']>);

const cascadeOnly = (get: (c: NonNullable<Summary['cascades']>[number]) => CsvCell) => (r: Row) =>
  r.kind === 'cascade' ? get(r) : null;

/** Every cascades.csv column, in order, with how to read it from a row. */
const COLUMNS: ReadonlyArray<readonly [header: string, get: (r: Row) => CsvCell]> = [
  ['kind', (r) => r.kind],
  ['id', (r) => (r.kind === 'cascade' ? r.id : 'oracle')],
  ['steps', (r) => (r.kind === 'cascade' ? r.steps : r.candidates).join(' > ')],
  [
    'check',
    (r) =>
      r.kind === 'cascade'
        ? describeCheck(r.escalateWhen)
        : 'cheapest candidate that passed (uses the reference)',
  ],
  ['samples', (r) => r.samples],
  ['passed', (r) => r.passed],
  ['accuracy', (r) => r.accuracy],
  ['accuracyLow', (r) => r.accuracyLow],
  ['accuracyHigh', (r) => r.accuracyHigh],
  ['costUsd', (r) => r.costUsd],
  ['costPerSuccessUsd', (r) => r.costPerSuccessUsd],
  ['costPerSampleUsd', (r) => r.costPerSampleUsd],
  ['escalationRate', cascadeOnly((c) => c.escalationRate)],
  [
    'answeredBy',
    cascadeOnly((c) =>
      Object.entries(c.answeredBy)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    ),
  ],
  ['meetsBar', cascadeOnly((c) => c.meetsBar)],
  ['onFrontier', cascadeOnly((c) => c.onFrontier)],
  ['skipped', cascadeOnly((c) => c.skipped)],
  ['checkCostUsd', cascadeOnly((c) => c.checkCostUsd ?? null)],
  ['optimistic', cascadeOnly((c) => c.optimistic ?? null)],
];

/** Renders cascades.csv, or null when the summary has no cascades. */
export function renderCascadesCsv(summary: Summary): string | null {
  const cascades = summary.cascades ?? [];
  if (cascades.length === 0) return null;
  const rows: Row[] = cascades.map((c) => ({ kind: 'cascade' as const, ...c }));
  if (summary.oracle) rows.push({ kind: 'oracle', ...summary.oracle });
  return csvText([COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))]);
}
