import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import type { Selection } from '../runner/selection.ts';

/** Flag parsers that fail with a clear message (exit 2) instead of a NaN deep in the run. */

export function parseBudget(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UserError(
      `Expected --budget to be a non-negative number of US dollars, got "${v}". Fix: e.g. --budget 2.50`,
    );
  }
  return n;
}

export function parsePositiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n < 1) {
    throw new UserError(
      `Expected ${flag} to be a whole number from 1 and up, got "${v}". Fix: e.g. ${flag} 50`,
    );
  }
  return n;
}

export function parseShard(v: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UserError(
      `Expected --shard as I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${v}". Fix: number the shards from 1, as --shard 1/4 … --shard 4/4.`,
    );
  }
  return { index, count };
}

export function parseList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The response cache folder: `--cache-dir`, else $TOLLGATE_CACHE_DIR, else .tollgate/cache. */
export function cacheDirOf(
  flag: string | undefined,
  io: { cwd: string; env: Record<string, string | undefined> },
): string {
  return resolve(io.cwd, flag ?? io.env.TOLLGATE_CACHE_DIR ?? join('.tollgate', 'cache'));
}

/** The warning for `--sample N` over a dataset of fewer cases (they all run). */
export function sampleLargerWarning(sample: number, cases: number): string {
  return `Warning: --sample ${sample} asks for more cases than the dataset has (${cases}); all ${cases} run.\n`;
}

/** `--repeats`: a whole number from 1, with a fix that names sensible values. */
export function parseRepeats(v: string): number {
  if (!/^\s*\d+\s*$/.test(v) || Number(v) < 1) {
    throw new UserError(
      `Expected --repeats to be a whole number from 1 and up, got "${v}". Fix: use --repeats 1 (or 3 for a steadier estimate on a model that answers differently each time).`,
    );
  }
  return Number(v);
}

/** The flags `run` and `estimate` share to pick what runs and under which limits, as given. */
export interface SelectionFlags {
  models?: string;
  prompts?: string;
  repeats?: string;
  sample?: string;
  shard?: string;
  budget?: string;
  concurrency?: string;
}

/** Parses the selection flags; a bad value is a UserError naming the flag (exit 2). */
export function parseSelectionFlags(flags: SelectionFlags): Selection {
  const opt = <T>(v: string | undefined, parse: (v: string) => T) => (v !== undefined ? parse(v) : undefined);
  return {
    models: flags.models ? parseList(flags.models) : undefined,
    prompts: flags.prompts ? parseList(flags.prompts) : undefined,
    repeats: opt(flags.repeats, parseRepeats),
    sample: opt(flags.sample, (v) => parsePositiveInt('--sample', v)),
    shard: opt(flags.shard, parseShard),
    budgetUsd: opt(flags.budget, parseBudget),
    concurrency: opt(flags.concurrency, (v) => parsePositiveInt('--concurrency', v)),
  };
}
