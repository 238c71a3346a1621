/**
 * Reads the run folder's `cases.jsonl` (one `CaseRow` per line) a line at a time. The file is
 * optional: without it the explorer shows outputs but no inputs.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CaseRow } from '../dataset/case-row.ts';
import { parseCaseLine } from '../log/cases-file.ts';

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

/**
 * Every case's fields, in the dataset's order (a Map keeps it), for cases.csv's dataset columns and
 * the explorer's order. A case id listed twice keeps its first line.
 */
export async function readAllCaseFields(path: string): Promise<Map<string, Record<string, unknown>>> {
  const fields = new Map<string, Record<string, unknown>>();
  for await (const row of readCaseRows(path)) if (!fields.has(row.id)) fields.set(row.id, row.fields);
  return fields;
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
