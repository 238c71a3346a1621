import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CaseGroups } from '../analysis/breakdown.ts';
import { factsOf, summarizeRecords } from '../analysis/summarize.ts';
import { stableStringify } from '../cache/response-cache.ts';
import { UserError } from '../errors.ts';
import { openLineWriter } from '../log/line-writer.ts';
import { readRecords } from '../log/read-records.ts';
import { readSummary } from '../log/read-summary.ts';
import type { SampleRecord } from '../log/records-file.ts';
import {
  createRunDir,
  FILES,
  type RunMeta,
  readRunMeta,
  writeRunMeta,
  writeSummary,
} from '../log/run-folder.ts';
import type { CandidateSummary, StoppedReason, Summary } from '../log/summary-file.ts';
import { readCaseGroups } from '../report/read-cases.ts';
import { writeReports } from '../report/write-reports.ts';
import { sampleKey } from '../runner/plan.ts';

export interface MergeOptions {
  /** The shard run folders, in any order. */
  dirs: string[];
  /** The merged run folder (new or empty); default `results/SUITE/RUN_ID` under `cwd`. */
  out?: string;
  cwd: string;
  now: Date;
}

interface Shard {
  dir: string;
  meta: RunMeta;
  summary: Summary;
  index: number;
  count: number;
}

/** Stopped reasons, the one a merged run reports first. */
const STOP_ORDER: StoppedReason[] = ['interrupted', 'replay_miss', 'budget', 'candidate_failed'];

/**
 * Merges the run folders of `--shard 1/N … N/N` into one run folder whose summary is the one an
 * unsharded run of the same responses gets: the records are unioned and the summary is rebuilt from
 * them with `summarizeRecords` (accuracy, intervals, tokens, costs, percentiles, frontier, pick,
 * cascades, calculator).
 *
 * Checks, each a UserError naming the folder: every folder is a finished shard run of the same suite
 * (suiteHash) with the same prices and options; the shards are 1..N of one N with none missing
 * (a gap) and none twice (an overlap); and no sample appears in two folders.
 *
 * Writes run.json, cases.jsonl (the shards' cases, in shard order), records.jsonl, summary.json and
 * the reports. Spend, budget and cache savings are the shards' sums; startedAt/finishedAt span them.
 */
export async function mergeRuns(opts: MergeOptions): Promise<{ dir: string; summary: Summary }> {
  if (opts.dirs.length === 0) {
    throw new UserError(
      'Expected one or more shard run folders to merge, got none. Fix: `tollgate merge results/SUITE/RUN_A results/SUITE/RUN_B ...`.',
    );
  }
  const shards = await Promise.all(opts.dirs.map(readShard));
  checkShards(shards);
  shards.sort((a, b) => a.index - b.index);
  const first = shards[0]!;

  const { dir, runId } = await createRunDir({
    cwd: opts.cwd,
    suite: first.meta.suite,
    out: opts.out,
    now: opts.now,
  });
  const summary = await mergeRecords(shards, dir, mergedBase(shards, runId));
  for (const file of [FILES.cases, FILES.prompts]) {
    await concatCases(
      shards.map((s) => join(s.dir, file)),
      join(dir, file),
    );
  }

  const meta: RunMeta & { mergedFrom: string[] } = {
    ...first.meta,
    runId,
    startedAt: summary.startedAt,
    options: { ...first.meta.options, shard: undefined, budgetUsd: summary.budgetUsd },
    mergedFrom: shards.map((s) => s.dir),
  };
  await writeRunMeta(dir, meta);
  await writeSummary(dir, summary);
  await writeReports(dir, { summary });
  return { dir, summary };
}

/** The candidates: the same in every shard; planned samples add up, a stop in any shard is kept. */
function mergeCandidates(shards: Shard[]): CandidateSummary[] {
  const cands = new Map<string, CandidateSummary>();
  for (const s of shards) {
    for (const c of s.summary.candidates) {
      const m = cands.get(c.id);
      if (!m) {
        cands.set(c.id, { ...c });
        continue;
      }
      m.samples += c.samples;
      m.notRun += c.notRun;
      if (c.earlyStopped && !m.earlyStopped)
        Object.assign(m, { earlyStopped: true, earlyStopReason: c.earlyStopReason });
      m.stopError ??= c.stopError;
    }
  }
  return [...cands.values()];
}

/** The merged run's facts: spend, budget and cache savings summed, the time span of the shards. */
function mergedBase(shards: Shard[], runId: string): Summary {
  const sum = (f: (s: Summary) => number) => shards.reduce((acc, s) => acc + f(s.summary), 0);
  const startedAt = shards.map((s) => s.summary.startedAt).sort()[0]!;
  const finishedAt = shards
    .map((s) => s.summary.finishedAt)
    .sort()
    .at(-1)!;
  return {
    ...shards[0]!.summary,
    runId,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    budgetUsd: shards.some((s) => s.summary.budgetUsd === null) ? null : sum((s) => s.budgetUsd ?? 0),
    spentUsd: {
      candidates: sum((s) => s.spentUsd.candidates),
      judge: sum((s) => s.spentUsd.judge),
      total: sum((s) => s.spentUsd.total),
    },
    savedByCacheUsd: sum((s) => s.savedByCacheUsd),
    stoppedReason: STOP_ORDER.find((r) => shards.some((s) => s.summary.stoppedReason === r)) ?? null,
    shard: null,
    candidates: mergeCandidates(shards),
  };
}

/**
 * Streams the shards' records, shard by shard, into the merged records.jsonl while the summary is
 * built from them, so memory holds only the sample keys. On a failure the folder is left as it was.
 */
async function mergeRecords(shards: Shard[], dir: string, base: Summary): Promise<Summary> {
  const out = await openLineWriter(join(dir, FILES.records));
  const added = (r: SampleRecord) => out.add(JSON.stringify(r));
  try {
    const summary = await summarizeRecords(unionRecords(shards, added), {
      ...factsOf(base, shards[0]?.meta.options.repeats),
      caseGroups: await shardCaseGroups(shards, base.groupBy),
    });
    await out.close();
    return summary;
  } catch (err) {
    // leave the --out folder as it was (empty), so the same command works once the input is fixed
    await out.close();
    await rm(join(dir, FILES.records), { force: true });
    if (err instanceof UserError) throw err;
    throw new UserError(
      `Expected readable records in every shard, got: ${(err as Error).message} Fix: resume that shard to repair it, or re-run it.`,
    );
  }
}

/** The groups of the cases of every shard, for the merged summary's breakdowns; null without `groupBy`. */
async function shardCaseGroups(shards: Shard[], groupBy: string[] | undefined): Promise<CaseGroups | null> {
  const parts = await Promise.all(shards.map((s) => readCaseGroups(join(s.dir, FILES.cases), groupBy)));
  if (!groupBy || parts.some((p) => p === null)) return null;
  return { groupBy, of: new Map(parts.flatMap((p) => [...p!.of])) };
}

/** Every shard's records once, each passed to `added` before it is yielded; a sample in two shards is an error. */
async function* unionRecords(
  shards: Shard[],
  added: (r: SampleRecord) => Promise<void>,
): AsyncGenerator<SampleRecord> {
  const seen = new Map<string, string>();
  for (const s of shards) {
    for await (const r of readRecords(join(s.dir, FILES.records))) {
      const key = sampleKey(r.candidate, r.caseId, r.repeat);
      const other = seen.get(key);
      if (other !== undefined) {
        throw new UserError(
          `Expected each sample in one shard only, got ${r.candidate} case "${r.caseId}" repeat ${r.repeat} in both ${other} and ${s.dir}. Fix: merge runs of one --shard I/N split, each shard once.`,
        );
      }
      seen.set(key, s.dir);
      await added(r);
      yield r;
    }
  }
}

async function readShard(dir: string): Promise<Shard> {
  const meta = await readRunMeta(dir);
  const shard = meta.options.shard;
  if (!shard) {
    throw new UserError(
      `Expected a shard run (made with --shard I/N), got an unsharded run in ${dir}. Fix: merge only the folders of \`tollgate run SUITE --shard 1/N\` … \`--shard N/N\`.`,
    );
  }
  let summary: Summary;
  try {
    summary = await readSummary(dir);
  } catch {
    throw new UserError(
      `Expected a finished shard run with ${FILES.summary} in ${dir}, got none. Fix: finish it with \`tollgate run --resume ${dir}\`, then merge.`,
    );
  }
  return { dir, meta, summary, index: shard.index, count: shard.count };
}

/** Same suite, same prices, same options, one N, every index once. */
function checkShards(shards: Shard[]): void {
  const first = shards[0]!;
  const optionsOf = (s: Shard) => {
    const o = s.meta.options;
    return stableStringify({
      models: o.models,
      prompts: o.prompts,
      repeats: o.repeats,
      sample: o.sample,
      seed: o.seed,
    });
  };
  for (const s of shards.slice(1)) {
    if (s.meta.suite !== first.meta.suite || s.meta.suiteHash !== first.meta.suiteHash) {
      throw new UserError(
        `Expected every shard to come from the same suite (${first.meta.suite}, hash ${first.meta.suiteHash} in ${first.dir}), got ${s.meta.suite} with hash ${s.meta.suiteHash} in ${s.dir}. Fix: run every shard on the same suite and dataset.`,
      );
    }
    if (stableStringify(s.summary.prices.models) !== stableStringify(first.summary.prices.models)) {
      throw new UserError(
        `Expected every shard to use the same prices (those in ${first.dir}), got different prices in ${s.dir}. Fix: re-run that shard with the same price table, or reprice the shards to one table first.`,
      );
    }
    if (optionsOf(s) !== optionsOf(first)) {
      throw new UserError(
        `Expected every shard to run the same models, prompts, repeats and sample as ${first.dir}, got others in ${s.dir} (${optionsOf(s)}). Fix: run every shard with the same flags.`,
      );
    }
    if (s.count !== first.count) {
      throw new UserError(
        `Expected every shard to split the cases the same way (N = ${first.count} in ${first.dir}), got --shard ${s.index}/${s.count} in ${s.dir}. Fix: merge shards of one --shard I/${first.count} split.`,
      );
    }
  }
  const byIndex = new Map<number, Shard>();
  for (const s of shards) {
    const other = byIndex.get(s.index);
    if (other) {
      throw new UserError(
        `Expected each shard once, got shard ${s.index}/${s.count} twice: ${other.dir} and ${s.dir} (an overlap). Fix: pass one folder per shard.`,
      );
    }
    byIndex.set(s.index, s);
  }
  const missing = [];
  for (let i = 1; i <= first.count; i++) if (!byIndex.has(i)) missing.push(`${i}/${first.count}`);
  if (missing.length) {
    throw new UserError(
      `Expected shards 1..${first.count} of ${first.count}, got no shard ${missing.join(', ')} among ${shards.map((s) => s.dir).join(', ')} (a gap). Fix: run \`--shard ${missing[0]}\` and pass its folder too.`,
    );
  }
}

/** Appends the shards' cases.jsonl (or prompts.jsonl) files, line by line (a missing file adds nothing). */
async function concatCases(paths: string[], to: string): Promise<void> {
  const out = await openLineWriter(to);
  try {
    for (const p of paths) {
      let lines: AsyncIterable<string>;
      try {
        const stream = createReadStream(p, 'utf8');
        await new Promise<void>((resolve, reject) => {
          stream.once('open', () => resolve());
          stream.once('error', reject);
        });
        lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      } catch {
        continue;
      }
      for await (const line of lines) if (line.trim() !== '') await out.add(line);
    }
  } finally {
    await out.close();
  }
}
