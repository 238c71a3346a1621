import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import type { CaseRow, SampleRecord, Summary } from '../types.ts';
import { writeAtomically, writeTextAtomically } from './atomic-write.ts';
import { openLineWriter } from './line-writer.ts';

/** What a run needs to be resumed: written once, when the run starts. */
export interface RunMeta {
  version: 1;
  suite: string;
  suiteFile: string;
  suiteHash: string;
  runId: string;
  startedAt: string;
  options: {
    models?: string[];
    prompts?: string[];
    repeats: number;
    sample?: number;
    shard?: { index: number; count: number };
    seed: number;
    budgetUsd: number | null;
    allowUnpriced: boolean;
    batch: boolean;
  };
}

export const FILES = {
  records: 'records.jsonl',
  summary: 'summary.json',
  cases: 'cases.jsonl',
  meta: 'run.json',
} as const;

/** A run id that sorts by time and is unique across concurrent runs. */
export function newRunId(now: Date, rand: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('Z', '');
  return `${stamp}-${Math.floor(rand() * 0xffff)
    .toString(16)
    .padStart(4, '0')}`;
}

/**
 * Creates a run folder. Under `results/SUITE/` the id is made unique atomically (mkdir fails if it
 * exists); with `--out` the folder must be new or empty, so a run never overwrites another.
 */
export async function createRunDir(opts: {
  cwd: string;
  suite: string;
  out?: string;
  now: Date;
}): Promise<{ dir: string; runId: string }> {
  if (opts.out) {
    const dir = opts.out;
    try {
      const st = await stat(dir);
      if (!st.isDirectory())
        throw new UserError(
          `Expected --out to be a new or empty folder, got a file at ${dir}. Fix: choose another path.`,
        );
      const entries = await readdir(dir);
      if (entries.length > 0) {
        throw new UserError(
          `Expected --out to be a new or empty folder, got ${entries.length} existing entr${entries.length === 1 ? 'y' : 'ies'} in ${dir}. Fix: choose a new folder (a run never overwrites another), or use --resume ${dir} to finish that run.`,
        );
      }
    } catch (err) {
      if (err instanceof UserError) throw err;
      await mkdir(dir, { recursive: true });
    }
    return { dir, runId: dir.split(/[\\/]/).filter(Boolean).pop() ?? 'run' };
  }
  const parent = join(opts.cwd, 'results', opts.suite);
  await mkdir(parent, { recursive: true });
  for (let i = 0; i < 20; i++) {
    const runId = newRunId(opts.now);
    const dir = join(parent, runId);
    try {
      await mkdir(dir);
      return { dir, runId };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not create a unique run folder under ${parent}`);
}

/**
 * Takes back a run folder whose run was refused before it sent anything (a missing key, say), so
 * it does not stand in the way of the retry: the files the run wrote go, and the folder too unless
 * the user named it (`--out`, which stays, empty).
 */
export async function discardRunDir(dir: string, opts: { keepDir: boolean }): Promise<void> {
  if (!opts.keepDir) return rm(dir, { recursive: true, force: true });
  for (const name of Object.values(FILES)) await rm(join(dir, name), { force: true });
}

/**
 * Appends records to records.jsonl with a synchronous write per record: each line reaches the OS
 * as its sample finishes, so a killed run keeps everything that finished. (No fsync per line:
 * that would cost a disk flush per sample; the OS keeps the data across a process kill.)
 */
export interface RecordWriter {
  append(r: SampleRecord): void;
  close(): void;
}

export function openRecordWriter(dir: string): RecordWriter {
  const fd = openSync(join(dir, FILES.records), 'a');
  let closed = false;
  return {
    append(r) {
      writeSync(fd, `${JSON.stringify(r)}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        fsyncSync(fd);
      } catch {
        // fsync can fail on some filesystems; the data is already written
      }
      closeSync(fd);
    },
  };
}

/** Writes JSON atomically (temp file + rename) so a reader never sees half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes cases.jsonl in chunks to a temp file, renamed into place: never torn, never one huge string. */
export async function writeCases(dir: string, cases: Iterable<CaseRow>): Promise<void> {
  await writeAtomically(join(dir, FILES.cases), async (tmp) => {
    const out = await openLineWriter(tmp);
    try {
      for (const c of cases) await out.add(JSON.stringify(c));
    } finally {
      await out.close();
    }
  });
}

export async function writeSummary(dir: string, summary: Summary): Promise<void> {
  await writeJsonAtomic(join(dir, FILES.summary), summary);
}

export async function readRunMeta(dir: string): Promise<RunMeta> {
  let text: string;
  try {
    text = await readFile(join(dir, FILES.meta), 'utf8');
  } catch {
    throw new UserError(
      `Expected a tollgate run folder (with ${FILES.meta}) at ${dir}, got none. Fix: pass a folder under results/SUITE/ made by \`tollgate run\`.`,
    );
  }
  try {
    return JSON.parse(text) as RunMeta;
  } catch {
    throw new UserError(
      `Expected valid JSON in ${join(dir, FILES.meta)}, got a file that does not parse. Fix: the run folder is damaged; start a new run.`,
    );
  }
}
