/** Reading a run folder's files in tests: one JSONL reader for records and cases. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';

/** Every line of a JSONL file, parsed; a missing file is empty (a run that has not written yet). */
export async function readJsonl<T = SampleRecord>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Records that parse; a torn last line (a killed write) is left out. */
export async function readFinished(path: string): Promise<SampleRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const out: SampleRecord[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line.trim()) out.push(JSON.parse(line) as SampleRecord);
    } catch {
      // torn
    }
  }
  return out;
}

export const readRecords = (runDir: string) => readJsonl<SampleRecord>(join(runDir, 'records.jsonl'));

export const readSummary = async (runDir: string) =>
  JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as Summary;

/** A run folder's summary and records. */
export async function readRun(runDir: string): Promise<{ summary: Summary; records: SampleRecord[] }> {
  return { summary: await readSummary(runDir), records: await readRecords(runDir) };
}
