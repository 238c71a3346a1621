/**
 * groups.csv: the `groupBy` breakdown, one row per candidate, column and group, with the fields of
 * summary.json's `groups` in their order. Numbers unrounded (USD, proportions 0..1); `null` is an
 * empty cell.
 */
import type { GroupSummary, Summary } from '../log/summary-file.ts';
import { csvText } from './csv-cell.ts';

/** Every groups.csv column, in order: the fields of a group's figures. */
export const GROUPS_CSV_COLUMNS = [
  'candidate',
  'column',
  'value',
  'cases',
  'samples',
  'passed',
  'scored',
  'accuracy',
  'accuracyLow',
  'accuracyHigh',
  'costUsd',
  'costPerSuccessUsd',
  'coverage',
  'weakest',
] as const satisfies ReadonlyArray<keyof GroupSummary>;

/** groups.csv's text, or null when the summary has no `groupBy` breakdown. */
export function renderGroupsCsv(summary: Summary): string | null {
  if (!summary.groups?.length) return null;
  return csvText([GROUPS_CSV_COLUMNS, ...summary.groups.map((g) => GROUPS_CSV_COLUMNS.map((k) => g[k]))]);
}
