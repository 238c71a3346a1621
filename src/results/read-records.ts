import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SampleRecord } from '../types.ts';

/**
 * Streams `records.jsonl` one record at a time, so memory stays flat on large runs.
 * A torn last line (a run killed mid-write) is skipped; any other bad line is an error.
 */
export async function* readRecords(path: string): AsyncGenerator<SampleRecord> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let pending: string | null = null;
  let lineNo = 0;
  for await (const line of lines) {
    if (pending !== null) {
      yield parseLine(pending, path, lineNo);
      pending = null;
    }
    lineNo++;
    if (line.trim() !== '') pending = line;
  }
  if (pending !== null) {
    try {
      yield JSON.parse(pending) as SampleRecord;
    } catch {
      // a torn final line from a killed run: the sample did not finish, so it is not a record
    }
  }
}

function parseLine(line: string, path: string, lineNo: number): SampleRecord {
  try {
    return JSON.parse(line) as SampleRecord;
  } catch {
    throw new Error(`Expected a JSON record at ${path}:${lineNo}, got a line that does not parse.`);
  }
}

/** Reads every record into memory. Use only where the run is known to be small (tests, reports). */
export async function readAllRecords(path: string): Promise<SampleRecord[]> {
  const out: SampleRecord[] = [];
  for await (const r of readRecords(path)) out.push(r);
  return out;
}
