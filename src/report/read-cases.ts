/**
 * Reads the run folder's `cases.jsonl` (one `CaseRow` per line) a line at a time. The file is
 * optional: without it the explorer shows outputs but no inputs.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type CaseGroups, caseGroupsOf } from '../analysis/breakdown.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { parseCaseLine } from '../log/cases-file.ts';
import { isFile } from '../log/is-file.ts';

/** Streams every case row of a cases.jsonl file. A blank line is skipped; a bad line is an error. */
export async function* readCaseRows(path: string): AsyncGenerator<CaseRow> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    yield parseCaseLine(line, path, lineNo);
  }
}

/** The dataset position of every case id, for ordering the explorer like the dataset. */
export async function readCaseOrder(path: string): Promise<Map<string, number>> {
  const order = new Map<string, number>();
  for await (const row of readCaseRows(path)) if (!order.has(row.id)) order.set(row.id, order.size);
  return order;
}

/** The fields of the wanted cases only, so memory stays bounded by what the report shows. */
export async function readCaseFields(
  path: string,
  wanted: ReadonlySet<string>,
): Promise<Map<string, Record<string, unknown>>> {
  const fields = new Map<string, Record<string, unknown>>();
  for await (const row of readCaseRows(path)) if (wanted.has(row.id)) fields.set(row.id, row.fields);
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
