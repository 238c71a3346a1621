/**
 * `tollgate reprice`: a run folder recomputed under other prices, into a new folder, with no
 * requests. The original run is never touched.
 */

import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type RepriceContext, repriceRecord } from '../analysis/reprice.ts';
import { factsOf, summarizeRecords } from '../analysis/summarize.ts';
import { UserError } from '../errors.ts';
import { isFile } from '../log/is-file.ts';
import { openLineWriter } from '../log/line-writer.ts';
import { readRecords } from '../log/read-records.ts';
import { readSummary } from '../log/read-summary.ts';
import type { SampleRecord } from '../log/records-file.ts';
import { createRunDir, FILES, readRunMeta, writeSummary } from '../log/run-folder.ts';
import type { Summary } from '../log/summary-file.ts';
import { readPricesFile } from '../pricing/read-prices-file.ts';
import { readCaseGroups } from '../report/read-cases.ts';
import { writeReports } from '../report/write-reports.ts';

export interface RepriceOptions {
  runDir: string;
  pricesFile: string;
  /** The new run folder (new or empty); default `RUN_DIR-repriced-N`, the first N free. */
  out?: string;
  now: Date;
}

export interface RepriceResult {
  dir: string;
  before: Summary;
  summary: Summary;
  /** Models the prices file changed. */
  repriced: string[];
  /** Models the file prices that the run does not use (ignored). */
  ignored: string[];
  /** Cache prices the file left out for the run's models (the run's price was kept). */
  warnings: string[];
  records: number;
}

/**
 * Reprices a run: every attempt's and record's cost from the recorded tokens (spend is kept as
 * recorded), then the summary rebuilt from the records (candidates, frontier, pick, cascades,
 * calculator), `summary.prices` set to the prices now in force, and every report written.
 *
 * @throws UserError when the run folder or the prices file is missing or invalid, when the file
 *   prices none of the run's models, or when `out` is not new or empty
 */
export async function repriceRun(opts: RepriceOptions): Promise<RepriceResult> {
  const before = await readSummary(opts.runDir);
  const recordsPath = join(opts.runDir, FILES.records);
  if (!(await isFile(recordsPath))) {
    throw new UserError(
      `Expected records.jsonl in the run folder ${opts.runDir}, got none. Fix: pass a folder that \`tollgate run\` wrote.`,
    );
  }
  const providers = Object.fromEntries(before.candidates.map((c) => [c.model, c.provider]));
  const file = await readPricesFile(opts.pricesFile, before.prices.models, providers);
  const used = Object.keys(file.models).filter((m) => m in before.prices.models);
  const ignored = Object.keys(file.models).filter((m) => !(m in before.prices.models));
  if (used.length === 0) {
    throw new UserError(
      `Expected ${opts.pricesFile} to price at least one model of the run (${Object.keys(before.prices.models).join(', ')}), got only ${ignored.join(', ') || 'none'}. Fix: key the prices by the model ids in the run's summary.json.`,
    );
  }
  const next = Object.fromEntries(used.map((m) => [m, file.models[m]!]));
  const meta = await readRunMeta(opts.runDir).catch(() => null);
  const ctx: RepriceContext = {
    old: before.prices.models,
    next,
    candidateModels: new Set(before.candidates.map((c) => c.model)),
    batch: meta?.options.batch ?? false,
    pricedAt: opts.now.toISOString(),
  };

  const dir = opts.out
    ? (await createRunDir({ cwd: opts.runDir, suite: before.suite, out: opts.out, now: opts.now })).dir
    : await nextFreeDir(opts.runDir);
  for (const name of [FILES.cases, FILES.prompts, FILES.meta]) {
    if (await isFile(join(opts.runDir, name))) await copyFile(join(opts.runDir, name), join(dir, name));
  }

  // stream: reprice each record, write it, and fold it into the new summary in one pass
  const out = await openLineWriter(join(dir, FILES.records));
  let count = 0;
  async function* repriced(): AsyncGenerator<SampleRecord> {
    for await (const r of readRecords(recordsPath)) {
      const n = repriceRecord(r, ctx);
      await out.add(JSON.stringify(n));
      count++;
      yield n;
    }
  }
  let rebuilt: Summary;
  try {
    rebuilt = await summarizeRecords(repriced(), {
      ...factsOf(
        {
          ...before,
          prices: {
            asOf: file.asOf ?? opts.now.toISOString().slice(0, 10),
            source: `${file.source ?? basename(opts.pricesFile)} (tollgate reprice of ${before.runId}); models it does not list keep the run's prices (${before.prices.source}, as of ${before.prices.asOf})`,
            models: { ...before.prices.models, ...next },
          },
        },
        meta?.options.repeats,
      ),
      caseGroups: await readCaseGroups(join(opts.runDir, FILES.cases), before.groupBy),
    });
  } finally {
    await out.close();
  }
  const summary: Summary = {
    ...rebuilt,
    runId: basename(dir),
    repriced: { from: opts.runDir, pricesFile: opts.pricesFile, at: opts.now.toISOString() },
  };
  await writeSummary(dir, summary);
  await writeReports(dir, { summary });
  // a model the run does not use needs no word about its cache prices
  const warnings = file.warnings.filter((w) => used.some((m) => w.includes(`: ${m} sets no `)));
  return { dir, before, summary, repriced: used, ignored, warnings, records: count };
}

/** `RUN_DIR-repriced-N` for the first N that does not exist yet, created atomically. */
async function nextFreeDir(runDir: string): Promise<string> {
  const base = runDir.replace(/[\\/]+$/, '');
  for (let n = 1; n < 10_000; n++) {
    const dir = `${base}-repriced-${n}`;
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new UserError(
    `Expected a free folder name beside ${runDir}, got none up to -repriced-9999. Fix: pass --out DIR.`,
  );
}
