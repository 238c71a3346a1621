import { open } from 'node:fs/promises';

export interface LineWriter {
  /** Adds one line (without its newline). */
  add(line: string): Promise<void>;
  /** Writes what is left and closes the file. */
  close(): Promise<void>;
}

/**
 * Writes a file line by line with one write per `batch` lines: a write per line costs more than
 * the lines on large runs, and one string of the whole file would not fit in memory.
 */
export async function openLineWriter(path: string, batch = 500): Promise<LineWriter> {
  const fh = await open(path, 'w');
  let buf: string[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const text = buf.join('');
    buf = [];
    await fh.write(text);
  };
  return {
    async add(line) {
      buf.push(`${line}\n`);
      if (buf.length >= batch) await flush();
    },
    async close() {
      try {
        await flush();
      } finally {
        await fh.close();
      }
    },
  };
}
