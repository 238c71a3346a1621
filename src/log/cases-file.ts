/**
 * `cases.jsonl`: the dataset's cases as the run saw them, one per line, for the reports. Version 1
 * lines are `{id, fields}`; version 2 lines add `version: 2`.
 */

import { z } from 'zod';
import { caseRowSchema } from '../dataset/case-row.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';

/** The cases version this code writes. */
export const CASES_VERSION = 2;

export const casesLineSchema = caseRowSchema.extend({
  version: z.union([z.literal(1), z.literal(2)]).optional(),
});

export type { CaseRow } from '../dataset/case-row.ts';

const FIX = 'the run folder is damaged; run the suite again to write cases.jsonl';

/** Parses and checks one line of `cases.jsonl` into a case (without its `version`). */
export function parseCaseLine(line: string, path: string, lineNo: number): z.infer<typeof caseRowSchema> {
  const at = { file: path, line: lineNo };
  const data = parseJson(line, at, FIX);
  checkVersion(data, CASES_VERSION, 'cases.jsonl line', at);
  const row = parseWith(casesLineSchema, data, at, FIX);
  return { id: row.id, fields: row.fields };
}

/** One line of `cases.jsonl` as written now. */
export function serializeCase(row: z.infer<typeof caseRowSchema>): string {
  return JSON.stringify({ id: row.id, fields: row.fields, version: CASES_VERSION });
}
