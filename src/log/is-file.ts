import { stat } from 'node:fs/promises';

/** Whether a file (not a folder) is at `path`. */
export async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
