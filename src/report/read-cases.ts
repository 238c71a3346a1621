/**
 * Reads the run folder's `cases.jsonl` (one `CaseRow` per line) a line at a time. The file is
 * optional: without it the explorer shows outputs but no inputs.
 */
import { type CaseGroups, caseGroupsOf } from '../analysis/breakdown.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { parseCaseLine } from '../log/cases-file.ts';
import { isFile } from '../log/is-file.ts';
import { nonBlankLines } from '../log/jsonl-lines.ts';

/** Streams every case row of a cases.jsonl file. A blank line is skipped; a bad line is an error. */
export async function* readCaseRows(path: string): AsyncGenerator<CaseRow> {
  for await (const [line, lineNo] of nonBlankLines(path)) yield parseCaseLine(line, path, lineNo);
}

/**
 * Every case's fields, in the dataset's order (a Map keeps it), for cases.csv's dataset columns and
 * the explorer's order. A case id listed twice keeps its first line.
 */
export async function readAllCaseFields(path: string): Promise<Map<string, Record<string, unknown>>> {
  const fields = new Map<string, Record<string, unknown>>();
  for await (const row of readCaseRows(path)) if (!fields.has(row.id)) fields.set(row.id, row.fields);
  return fields;
}

/**
 * The groups of every case for a summary's `groupBy`, read from cases.jsonl, so a summary built
 * again from its records (report, reprice, merge) keeps its breakdowns. null without `groupBy` or
 * without the file.
 */
export async function readCaseGroups(
  path: string,
  groupBy: readonly string[] | undefined,
): Promise<CaseGroups | null> {
  if (!groupBy?.length || !(await isFile(path))) return null;
  const rows: CaseRow[] = [];
  for await (const row of readCaseRows(path)) rows.push({ id: row.id, fields: pick(row.fields, groupBy) });
  return caseGroupsOf(groupBy, rows);
}

function pick(fields: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in fields).map((k) => [k, fields[k]]));
}
