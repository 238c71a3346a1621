import { open } from 'node:fs/promises';
import type { SampleRecord } from '../types.ts';

const CHUNK = 1 << 20;

/**
 * Streams `records.jsonl` one record at a time, so memory stays flat on large runs. It reads the
 * file in 1 MiB chunks (several times faster than readline). A torn last line (a run killed
 * mid-write) is skipped; any other bad line is an error naming the file and the line.
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
        if (line.trim() !== '') yield parseLine(line, path, lineNo);
      }
    }
    const tail = Buffer.concat(carry).toString('utf8');
    if (tail.trim() !== '') {
      try {
        yield JSON.parse(tail) as SampleRecord;
      } catch {
        // a torn final line from a killed run: the sample did not finish, so it is not a record
      }
    }
  } finally {
    await fh.close();
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
