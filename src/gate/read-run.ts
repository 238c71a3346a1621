/** Reads a run folder for the gate: its summary and per-case outcomes and costs, with clear errors. */
import { join } from 'node:path';
import { readRecords } from '../log/read-records.ts';
import { expectFile, readSummary } from '../log/read-summary.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { GateInput } from './compare.ts';
import { collectCaseData } from './outcomes.ts';

/** A run folder, read: its summary and outcomes, plus where they came from. */
export interface RunData extends GateInput {
  dir: string;
}

/**
 * Reads `summary.json` and streams `records.jsonl` of a run folder.
 * @throws UserError when the folder is missing, is not a run folder, or holds a broken file
 */
export async function readRun(dir: string): Promise<RunData> {
  const summary = await readSummary(dir);
  const recordsPath = join(dir, 'records.jsonl');
  await expectFile(recordsPath, 'records.jsonl');
  const { outcomes, costs } = await collectCaseData(readRunRecords(dir));
  return { dir, summary, outcomes, costs };
}

/** Streams a run folder's records; the log's reader names the file, line and field of a broken one. */
export function readRunRecords(dir: string): AsyncGenerator<SampleRecord> {
  return readRecords(join(dir, 'records.jsonl'));
}
