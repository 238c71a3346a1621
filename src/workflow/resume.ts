import { closeSync, openSync, readSync } from 'node:fs';
import { open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { findSuiteFile } from '../config/load-suite.ts';
import { UserError } from '../errors.ts';
import type { SampleRecord } from '../log/records-file.ts';
import { FILES, type RunMeta, readRunMeta } from '../log/run-folder.ts';

export interface ResumeState {
  dir: string;
  meta: RunMeta;
  /**
   * The finished records. Each iteration streams records.jsonl again (synchronously, in chunks), so
   * a resumed run of any size holds no record in memory beyond the one being read.
   */
  records: Iterable<SampleRecord>;
  /** How many records there are. */
  count: number;
  /** Bytes cut from a torn last line. */
  repairedBytes: number;
}

/**
 * Prepares `--resume DIR`: checks it is a run of this suite, repairs a torn last line (a run killed
 * mid-write), and returns the finished records so none is sent again.
 */
export async function prepareResume(
  dir: string,
  suiteArg: string | undefined,
  cwd: string,
): Promise<ResumeState> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a dir');
  } catch {
    throw new UserError(
      `Expected --resume to name a run folder, got no such folder at ${dir}. Fix: pass a folder under results/SUITE/.`,
    );
  }
  const meta = await readRunMeta(dir);
  await removeLeftoverTemps(dir);
  if (suiteArg) {
    const name = basename(suiteArg).replace(/\.(ya?ml|ts)$/, '');
    // the suite's `name:` need not be its file's: the same file is the same suite
    const sameFile = async () =>
      resolve(await findSuiteFile(suiteArg, cwd).catch(() => '')) === resolve(meta.suiteFile);
    if (name !== meta.suite && !(await sameFile())) {
      throw new UserError(
        `Expected a run of suite "${name}" to resume, got a run of suite "${meta.suite}" at ${dir}. Fix: resume it with \`tollgate run --resume ${dir}\` (no suite), or pick a run of "${name}".`,
      );
    }
  }
  const path = join(dir, FILES.records);
  const size = await stat(path)
    .then((st) => st.size)
    .catch(() => 0);
  // a torn final line (a run killed mid-write): cut it off so the next append starts on a fresh line
  const tail = lastLineBytes(path, size);
  const repairedBytes = tail;
  if (tail > 0) await truncate(path, size - tail);
  // every line must parse; a damaged line in the middle is not something to guess about
  let count = 0;
  let lineNo = 0;
  // only what is there now: the resumed run appends to this file while it runs
  const length = size - tail;
  for (const line of readLinesSync(path, length)) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      JSON.parse(line);
    } catch {
      throw new UserError(
        `Expected a JSON record at ${path}:${lineNo}, got a damaged line. Fix: remove that line and resume again; its sample will be re-run.`,
      );
    }
    count++;
  }
  const records: Iterable<SampleRecord> = {
    *[Symbol.iterator]() {
      for (const line of readLinesSync(path, length)) {
        if (line.trim() !== '') yield JSON.parse(line) as SampleRecord;
      }
    },
  };
  // make sure the file exists for appending
  await (await open(path, 'a')).close();
  return { dir, meta, records, count, repairedBytes };
}

const CHUNK = 1 << 16;

/**
 * Removes the temporary files a killed run left in its folder (`NAME.PID.tmp`: the atomic JSON
 * writes, and cases.csv, which a run writes as it goes). A file whose process still runs is kept.
 */
async function removeLeftoverTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && !isRunning(pid)) await rm(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Bytes after the last newline of the file (0 when it ends with one), reading only its tail. */
function lastLineBytes(path: string, size: number): number {
  if (size === 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const n = readSync(fd, buf, 0, end - start, start);
      const i = buf.subarray(0, n).lastIndexOf(0x0a);
      if (i >= 0) return size - (start + i + 1);
      end = start;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/** The lines in the first `length` bytes of the file, read synchronously in 64 KiB chunks. */
function* readLinesSync(path: string, length: number): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    const buf = Buffer.alloc(CHUNK);
    const utf8 = new StringDecoder('utf8');
    let rest = '';
    for (let pos = 0; pos < length; ) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, length - pos), pos);
      if (n === 0) break;
      pos += n;
      const text = rest + utf8.write(buf.subarray(0, n));
      const lines = text.split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}
