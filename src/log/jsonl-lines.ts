/** Reads a JSONL file a line at a time, for the run folder's line files. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Every non-blank line of a file with its 1-based line number, read as a stream. */
export async function* nonBlankLines(path: string): AsyncGenerator<[line: string, lineNo: number]> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() !== '') yield [line, lineNo];
  }
}
