import { close, fsync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { writeAtomically, writeTextAtomically } from './atomic-write.ts';
import { type CaseRow, serializeCase } from './cases-file.ts';
import { openLineWriter } from './line-writer.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';
import { RECORDS_VERSION, type SampleRecord } from './records-file.ts';
import { SUMMARY_VERSION, type Summary } from './summary-file.ts';

/** The `run.json` version this code writes. */
export const RUN_META_VERSION = 2;

/** What a run needs to be resumed (`run.json`): written once, when the run starts. Versions 1 and 2 have one shape. */
export const runMetaSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  suite: z.string(),
  suiteFile: z.string(),
  suiteHash: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  options: z.object({
    models: z.array(z.string()).optional(),
    prompts: z.array(z.string()).optional(),
    repeats: z.number(),
    sample: z.number().optional(),
    shard: z.object({ index: z.number(), count: z.number() }).optional(),
    seed: z.number(),
    budgetUsd: z.number().nullable(),
    allowUnpriced: z.boolean(),
    batch: z.boolean(),
    /** How the run used the response cache; absent in run.json files written before it was recorded. */
    cacheMode: z.enum(['read-write', 'off', 'replay']).optional(),
    /** `--concurrency`, when it was given. */
    concurrency: z.number().optional(),
    /** `--allow-incomplete`: a candidate under minCoverage is not an exit 3. */
    allowIncomplete: z.boolean().optional(),
  }),
  /** A merged run: the shard folders it was merged from. */
  mergedFrom: z.array(z.string()).optional(),
});

export type RunMeta = z.infer<typeof runMetaSchema>;

export const FILES = {
  records: 'records.jsonl',
  summary: 'summary.json',
  cases: 'cases.jsonl',
  prompts: 'prompts.jsonl',
  meta: 'run.json',
  batches: 'batches.json',
  gate: 'gate.json',
} as const;

/** The files a run writes into its folder (`--resume` and a refused run's clean-up go by these). */
const RUN_FILES = [FILES.records, FILES.summary, FILES.cases, FILES.prompts, FILES.meta] as const;

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
  for (const name of RUN_FILES) await rm(join(dir, name), { force: true });
}

/**
 * Appends records to records.jsonl with a synchronous write per record: each line reaches the OS
 * as its sample finishes, so a killed run keeps everything that finished. (No fsync per line:
 * that would cost a disk flush per sample; the OS keeps the data across a process kill.)
 */
export interface RecordWriter {
  append(r: SampleRecord): void;
  /**
   * Flushes the file to disk and closes it, on the thread pool (a flush can take 100 ms on a slow
   * disk: the run writes its reports meanwhile). Never rejects; the same promise on every call.
   */
  close(): Promise<void>;
}

export function openRecordWriter(dir: string): RecordWriter {
  const fd = openSync(join(dir, FILES.records), 'a');
  let closing: Promise<void> | null = null;
  return {
    append(r) {
      // a record made by this code is of the current version; one carried over keeps its own
      const line = r.version === undefined ? { ...r, version: RECORDS_VERSION } : r;
      writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // fsync can fail on some filesystems; the data is already written
        fsync(fd, () => close(fd, () => resolve()));
      });
      return closing;
    },
  };
}

/** Writes JSON atomically (temp file + rename) so a reader never sees half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes cases.jsonl in chunks to a temp file, renamed into place: never torn, never one huge string. */
export async function writeCases(
  dir: string,
  cases: Iterable<CaseRow> | AsyncIterable<CaseRow>,
): Promise<void> {
  await writeAtomically(join(dir, FILES.cases), async (tmp) => {
    const out = await openLineWriter(tmp);
    try {
      for await (const c of cases) await out.add(serializeCase(c));
    } finally {
      await out.close();
    }
  });
}

/** Writes summary.json (atomically), stamped with the current version. */
export async function writeSummary(dir: string, summary: Summary): Promise<void> {
  await writeJsonAtomic(join(dir, FILES.summary), { ...summary, version: SUMMARY_VERSION });
}

/** Writes run.json (atomically). */
export async function writeRunMeta(dir: string, meta: RunMeta): Promise<void> {
  await writeJsonAtomic(join(dir, FILES.meta), meta);
}

/** Reads and checks run.json of a run folder. */
export async function readRunMeta(dir: string): Promise<RunMeta> {
  let text: string;
  try {
    text = await readFile(join(dir, FILES.meta), 'utf8');
  } catch {
    throw new UserError(
      `Expected a tollgate run folder (with ${FILES.meta}) at ${dir}, got none. Fix: pass a folder under results/SUITE/ made by \`tollgate run\`.`,
    );
  }
  const at = { file: join(dir, FILES.meta), line: null };
  const fix = 'the run folder is damaged; start a new run';
  const data = parseJson(text, at, fix);
  checkVersion(data, RUN_META_VERSION, 'run.json', at);
  return parseWith(runMetaSchema, data, at, fix);
}
