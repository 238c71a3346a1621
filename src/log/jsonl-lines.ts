/** Reads a run folder's line files (JSONL) a line at a time, in 1 MiB chunks: memory stays flat. */
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

/**
 * Every line of a file with its 1-based number, read in 1 MiB chunks (several times faster than
 * readline). `complete` is false only for a last line with no newline after it: a torn write, or
 * a file whose last line was never ended. A line's `\r` before its newline is dropped.
 */
export async function* fileLines(
  path: string,
): AsyncGenerator<[line: string, lineNo: number, complete: boolean]> {
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
      for (const line of text.split('\n')) yield [withoutCr(line), ++lineNo, true];
    }
    const tail = Buffer.concat(carry).toString('utf8');
    if (tail !== '') yield [withoutCr(tail), lineNo + 1, false];
  } finally {
    await fh.close();
  }
}

const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** Every non-blank line of a file with its 1-based line number. */
export async function* nonBlankLines(path: string): AsyncGenerator<[line: string, lineNo: number]> {
  for await (const [line, lineNo] of fileLines(path)) if (line.trim() !== '') yield [line, lineNo];
}
