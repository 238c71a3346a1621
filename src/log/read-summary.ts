/**
 * Reads a run folder's summary.json with clear errors: a missing folder or file, text that does
 * not parse, a newer version, or a summary with a wrong field, each named with its fix.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';
import { FILES } from './run-folder.ts';
import { SUMMARY_VERSION, type Summary, summarySchema } from './summary-file.ts';

const RUN_FIX = 'pass a run folder written by `tollgate run`, such as results/SUITE/RUN_ID';

/** Reads and checks `summary.json` of a run folder. */
export async function readSummary(dir: string): Promise<Summary> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UserError(`Expected a run folder, got nothing at ${dir}. Fix: ${RUN_FIX}.`);
  if (!info.isDirectory())
    throw new UserError(`Expected a run folder, got a file at ${dir}. Fix: ${RUN_FIX}.`);
  const path = join(dir, FILES.summary);
  await expectFile(path, FILES.summary);
  return parseSummary(await readFile(path, 'utf8'), path, dir);
}

/** Parses and checks summary.json text; `path` and `dir` are for messages. */
export function parseSummary(text: string, path: string, dir: string): Summary {
  const at = { file: path, line: null };
  const data = parseJson(text, at, `re-run \`tollgate report ${dir}\` or the suite`);
  checkVersion(data, SUMMARY_VERSION, 'summary.json', at);
  return parseWith(
    summarySchema,
    data,
    at,
    'pass a summary.json written by `tollgate run` (re-run the suite if it was edited)',
  );
}

/** Fails with a UserError naming the run-folder file when `path` is not a file. */
export async function expectFile(path: string, name: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return;
  throw new UserError(
    `Expected a run folder holding ${name}, got ${info ? 'a folder' : 'no such file'} at ${path}. ` +
      `Fix: ${RUN_FIX}; an interrupted run can be finished with \`tollgate run SUITE --resume RUN_DIR\`.`,
  );
}
