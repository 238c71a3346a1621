import { fileLines } from './jsonl-lines.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';
import { RECORDS_VERSION, type SampleRecord, sampleRecordSchema } from './records-file.ts';

const FIX =
  'repair or remove that line, then finish the run with `tollgate run SUITE --resume RUN_DIR`, or run the suite again';

/**
 * Streams `records.jsonl` one record at a time, so memory stays flat on large runs. A torn last
 * line (a run killed mid-write) is skipped; any other bad line, or a line of a newer version, is a
 * UserError naming the file, the line and the field. A version-1 record has no `version`.
 */
export async function* readRecords(path: string): AsyncGenerator<SampleRecord> {
  for await (const [line, lineNo, complete] of fileLines(path)) {
    if (line.trim() === '') continue;
    if (complete) {
      yield parseRecordLine(line, path, lineNo);
      continue;
    }
    // a torn final line from a killed run does not parse: the sample did not finish, so it is not a record
    const last = parseTail(line);
    if (last !== undefined) yield checkRecord(last, path, lineNo);
  }
}

function parseTail(tail: string): unknown {
  try {
    return JSON.parse(tail);
  } catch {
    return undefined;
  }
}

/** Parses and checks one line of `records.jsonl`; `path` and `lineNo` are for messages. */
export function parseRecordLine(line: string, path: string, lineNo: number): SampleRecord {
  return checkRecord(parseJson(line, { file: path, line: lineNo }, FIX, 'a JSON record'), path, lineNo);
}

function checkRecord(data: unknown, path: string, lineNo: number): SampleRecord {
  const at = { file: path, line: lineNo };
  checkVersion(data, RECORDS_VERSION, 'records.jsonl line', at);
  return parseWith(sampleRecordSchema, data, at, FIX);
}

/** Reads every record into memory. Use only where the run is known to be small (tests, reports). */
export async function readAllRecords(path: string): Promise<SampleRecord[]> {
  const out: SampleRecord[] = [];
  for await (const r of readRecords(path)) out.push(r);
  return out;
}
