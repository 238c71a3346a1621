import { open } from 'node:fs/promises';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';
import { RECORDS_VERSION, type SampleRecord, sampleRecordSchema } from './records-file.ts';

const CHUNK = 1 << 20;

const FIX =
  'repair or remove that line, then finish the run with `tollgate run SUITE --resume RUN_DIR`, or run the suite again';

/**
 * Streams `records.jsonl` one record at a time, so memory stays flat on large runs. It reads the
 * file in 1 MiB chunks (several times faster than readline). A torn last line (a run killed
 * mid-write) is skipped; any other bad line, or a line of a newer version, is a UserError naming the
 * file, the line and the field. A version-1 record has no `version`.
 */
export async function* readRecords(path: string): AsyncGenerator<SampleRecord> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    // bytes after the last newline so far; kept as bytes so a character split across chunks stays whole
    let carry: Buffer[] = [];
    let lineNo = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl === -1) {
        carry.push(Buffer.from(chunk));
        continue;
      }
      const text = Buffer.concat([...carry, chunk.subarray(0, lastNl)]).toString('utf8');
      carry = [Buffer.from(chunk.subarray(lastNl + 1))];
      for (const line of text.split('\n')) {
        lineNo++;
        if (line.trim() !== '') yield parseRecordLine(line, path, lineNo);
      }
    }
    const tail = Buffer.concat(carry).toString('utf8');
    const last = tail.trim() === '' ? null : parseTail(tail);
    // a torn final line from a killed run does not parse: the sample did not finish, so it is not a record
    if (last !== undefined && last !== null) yield checkRecord(last, path, lineNo + 1);
  } finally {
    await fh.close();
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
