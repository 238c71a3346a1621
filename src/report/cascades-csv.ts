/**
 * cascades.csv: written beside summary.csv when the suite declares cascades. One row per cascade
 * (`kind` = `cascade`) and one for the oracle-router bound (`kind` = `oracle`), with the fields of
 * `summary.json`'s `cascades[]` and `oracle`. Kept apart from summary.csv so that file stays one row
 * per candidate with one column per CandidateSummary field. `steps` and `answeredBy` are joined with
 * ` > ` and `; `. Numbers are unrounded; `null` is an empty cell.
 */
import type { Summary } from '../types.ts';
import { describeCheck } from './cascade-table.ts';
import { type CsvCell, csvText } from './csv-cell.ts';

/** Every cascades.csv column, in order. */
export const CASCADES_CSV_HEADER = [
  'kind',
  'id',
  'steps',
  'check',
  'samples',
  'passed',
  'accuracy',
  'accuracyLow',
  'accuracyHigh',
  'costUsd',
  'costPerSuccessUsd',
  'costPerSampleUsd',
  'escalationRate',
  'answeredBy',
  'meetsBar',
  'onFrontier',
  'skipped',
] as const;

/** Renders cascades.csv, or null when the summary has no cascades. */
export function renderCascadesCsv(summary: Summary): string | null {
  const cascades = summary.cascades ?? [];
  if (cascades.length === 0) return null;
  const rows: CsvCell[][] = cascades.map((c) => [
    'cascade',
    c.id,
    c.steps.join(' > '),
    describeCheck(c.escalateWhen),
    c.samples,
    c.passed,
    c.accuracy,
    c.accuracyLow,
    c.accuracyHigh,
    c.costUsd,
    c.costPerSuccessUsd,
    c.costPerSampleUsd,
    c.escalationRate,
    Object.entries(c.answeredBy)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    c.meetsBar,
    c.onFrontier,
    c.skipped,
  ]);
  const o = summary.oracle;
  if (o) {
    rows.push([
      'oracle',
      'oracle',
      o.candidates.join(' > '),
      'cheapest candidate that passed (uses the reference)',
      o.samples,
      o.passed,
      o.accuracy,
      o.accuracyLow,
      o.accuracyHigh,
      o.costUsd,
      o.costPerSuccessUsd,
      o.costPerSampleUsd,
      null,
      null,
      null,
      null,
      null,
    ]);
  }
  return csvText([[...CASCADES_CSV_HEADER], ...rows]);
}
