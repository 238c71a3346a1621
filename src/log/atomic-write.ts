import { rename, rm, writeFile } from 'node:fs/promises';

/** Where a file is written before it is renamed into place (`--resume` clears those of a dead run). */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/**
 * Writes a file through `write(tmp)` under a temporary name beside it, then renames it into place:
 * a reader never sees half a file, and a failed write leaves nothing behind.
 */
export async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** {@link writeAtomically} for text already in memory. */
export function writeTextAtomically(path: string, text: string): Promise<void> {
  return writeAtomically(path, (tmp) => writeFile(tmp, text));
}
