import { open, readFile, stat, truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors.ts';
import type { SampleRecord } from '../types.ts';
import { FILES, readRunMeta, type RunMeta } from './run-folder.ts';

export interface ResumeState {
  dir: string;
  meta: RunMeta;
  records: SampleRecord[];
  /** Bytes cut from a torn last line. */
  repairedBytes: number;
}

/**
 * Prepares `--resume DIR`: checks it is a run of this suite, repairs a torn last line (a run killed
 * mid-write), and returns the finished records so none is sent again.
 */
export async function prepareResume(dir: string, suiteArg: string | undefined, _cwd: string): Promise<ResumeState> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a dir');
  } catch {
    throw new UserError(`Expected --resume to name a run folder, got no such folder at ${dir}. Fix: pass a folder under results/SUITE/.`);
  }
  const meta = await readRunMeta(dir);
  if (suiteArg) {
    const name = basename(suiteArg).replace(/\.(ya?ml|ts)$/, '');
    if (name !== meta.suite) {
      throw new UserError(
        `Expected a run of suite "${name}" to resume, got a run of suite "${meta.suite}" at ${dir}. Fix: resume it with \`tollgate run --resume ${dir}\` (no suite), or pick a run of "${name}".`,
      );
    }
  }
  const path = join(dir, FILES.records);
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {
    text = '';
  }
  let repairedBytes = 0;
  const lastNewline = text.lastIndexOf('\n');
  const tail = text.slice(lastNewline + 1);
  if (tail.length > 0) {
    // a torn final line: cut it off so the next append starts on a fresh line
    repairedBytes = Buffer.byteLength(tail);
    await truncate(path, Buffer.byteLength(text) - repairedBytes);
    text = text.slice(0, lastNewline + 1);
  }
  const records: SampleRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as SampleRecord);
    } catch {
      throw new UserError(`Expected a JSON record at ${path}:${i + 1}, got a damaged line. Fix: remove that line and resume again; its sample will be re-run.`);
    }
  });
  // make sure the file exists for appending
  await (await open(path, 'a')).close();
  return { dir, meta, records, repairedBytes };
}
