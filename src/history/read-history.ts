/**
 * Reads a suite's history: the summary.json of every complete run under `results/SUITE/`, and the
 * baseline. Only summaries are read, never records, so 500 runs read in well under a second; each
 * summary is reduced to the figures the trend shows as soon as it is parsed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokensPerSample } from '../analysis/aggregate.ts';
import { PARTIAL_STOPS } from '../analysis/summarize.ts';
import { UserError } from '../errors.ts';
import { type Baseline, readBaseline } from '../log/baseline-file.ts';
import { isFile } from '../log/is-file.ts';
import { parseSummary } from '../log/read-summary.ts';
import { FILES } from '../log/run-folder.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import type { ModelPrice } from '../pricing/model-price.ts';

/** One candidate in one run, as the trend shows it. */
export interface HistoryPoint {
  model: string;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  costPerSuccessUsd: number | null;
  meanTokensPerSample: number | null;
  /** Model calls per sample (1 for a plain prompt). */
  callsPerTask: number | null;
  meetsBar: boolean | null;
  /** The model's prices in this run; null when unpriced, undefined when the run does not say. */
  price: ModelPrice | null | undefined;
  /** The date the model's price is known to hold: its origin's, else the run's price table's. */
  priceAsOf: string;
}

/** One run of the history (or the baseline, when its run folder is gone). */
export interface HistoryRun {
  /** The run folder's name under results/SUITE/; null for a baseline without its folder. */
  folder: string | null;
  runId: string;
  /** When the figures were made: the run's start, or for a repriced run when it was repriced. */
  date: string;
  pricesAsOf: string;
  /** The run this one repriced, or null. */
  repricedFrom: string | null;
  /** The baseline was taken from this run. */
  baseline: boolean;
  pick: string | null;
  qualityBar: number | null;
  candidates: Map<string, HistoryPoint>;
}

export interface History {
  suite: string;
  /** Oldest first. */
  runs: HistoryRun[];
  /** Folders that are not complete runs, with why (no summary, partial, a shard, unreadable). */
  skipped: { folder: string; why: string }[];
}

/** Summaries parsed at once: enough to keep the disk busy, few enough to keep memory flat. */
const PARALLEL = 16;

/**
 * Reads the history of `results/SUITE/` (`dir`).
 * @param baselinePath @default `dir/baseline.json` (absent is fine)
 * @throws UserError when `dir` is not a folder
 */
export async function readHistory(dir: string, suite: string, baselinePath?: string): Promise<History> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(
      `Expected a results folder of suite "${suite}" at ${dir}, got ${err.code === 'ENOENT' ? 'nothing' : `an unreadable path (${err.code})`}. Fix: run \`tollgate run ${suite}\` first, or pass --results DIR.`,
    );
  });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const runs: HistoryRun[] = [];
  const skipped: History['skipped'] = [];
  for (let i = 0; i < folders.length; i += PARALLEL) {
    const batch = folders.slice(i, i + PARALLEL);
    const read = await Promise.all(batch.map((f) => readRun(join(dir, f), f)));
    read.forEach((r, j) => {
      if ('why' in r) skipped.push({ folder: batch[j]!, why: r.why });
      else runs.push(r);
    });
  }
  const path = baselinePath ?? join(dir, 'baseline.json');
  const baseline =
    baselinePath !== undefined || (await isFile(path)) ? await readBaseline(path, suite) : null;
  if (baseline) addBaseline(runs, baseline);
  runs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.runId < b.runId ? -1 : 1));
  return { suite, runs, skipped };
}

/** One folder's run, or why it is not part of the history. */
async function readRun(dir: string, folder: string): Promise<HistoryRun | { why: string }> {
  const path = join(dir, FILES.summary);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { why: 'no summary.json (not finished)' };
  }
  let s: Summary;
  try {
    s = parseSummary(text, path, dir);
  } catch (err) {
    const lines = (err as Error).message.split('\n').filter((l) => l.trim() !== '');
    return { why: `unreadable summary.json: ${lines.slice(0, 2).join(' ')}` };
  }
  if (s.shard) return { why: `a shard (${s.shard.index}/${s.shard.count}); merge the shards to add them` };
  if (s.stoppedReason !== null && PARTIAL_STOPS.has(s.stoppedReason))
    return { why: `partial (stopped: ${s.stoppedReason})` };
  return runOf(s, folder);
}

function runOf(s: Summary, folder: string): HistoryRun {
  const candidates = new Map<string, HistoryPoint>();
  for (const c of s.candidates)
    candidates.set(
      c.id,
      pointOf(c, s.prices.models[c.model], s.prices.origins?.[c.model]?.asOf ?? s.prices.asOf),
    );
  return {
    folder,
    runId: s.runId,
    date: s.repriced?.at ?? s.startedAt,
    pricesAsOf: s.prices.asOf,
    repricedFrom: s.repriced
      ? (s.repriced.from.split(/[\\/]/).filter(Boolean).pop() ?? s.repriced.from)
      : null,
    baseline: false,
    pick: s.recommendation.candidate,
    qualityBar: s.qualityBar,
    candidates,
  };
}

/**
 * The figures of one candidate; tokens per sample worked out from the tokens in older summaries
 * (a hand-written baseline may lack fields: they read as unknown).
 */
export function pointOf(
  c: CandidateSummary,
  price: ModelPrice | null | undefined,
  priceAsOf: string,
): HistoryPoint {
  const tokens =
    c.meanTokensPerSample !== undefined
      ? c.meanTokensPerSample
      : c.samples > 0 && c.tokens
        ? tokensPerSample(c.tokens, c.samples)
        : null;
  return {
    model: c.model,
    accuracy: c.accuracy,
    accuracyLow: c.accuracyLow,
    accuracyHigh: c.accuracyHigh,
    costPerSuccessUsd: c.costPerSuccessUsd,
    meanTokensPerSample: tokens,
    callsPerTask: c.meanCallsPerSample ?? null,
    meetsBar: c.meetsBar ?? null,
    price,
    priceAsOf,
  };
}

/** Marks the run the baseline came from, or adds the baseline as a run of its own. */
function addBaseline(runs: HistoryRun[], b: Baseline): void {
  const run = runs.find((r) => r.runId === b.runId && r.repricedFrom === null);
  if (run) {
    run.baseline = true;
    return;
  }
  const candidates = new Map<string, HistoryPoint>();
  for (const [id, entry] of Object.entries(b.candidates))
    candidates.set(id, pointOf(entry.summary, b.prices?.[entry.summary.model], b.pricesAsOf));
  runs.push({
    folder: null,
    runId: b.runId,
    date: b.finishedAt,
    pricesAsOf: b.pricesAsOf,
    repricedFrom: null,
    baseline: true,
    pick: null,
    qualityBar: null,
    candidates,
  });
}
