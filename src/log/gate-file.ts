/**
 * `gate.json`: the gate's result as data, one verdict per candidate and check. Its shape is the
 * gate's `GateResult` (src/gate/types.ts) plus `version`. New in version 2 (no version-1 file).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeTextAtomically } from './atomic-write.ts';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';

/** The gate.json version this code writes. */
export const GATE_FILE_VERSION = 2;

/**
 * `bar`: accuracy against the quality bar; `accuracy`: a paired drop; `cost`: cost per success;
 * `tokens` (new): mean tokens per sample.
 */
export const gateCheckSchema = z.enum(['bar', 'accuracy', 'cost', 'tokens']);
/** `inconclusive` (new): the candidate is incomplete or the run partial. */
export const verdictStatusSchema = z.enum(['pass', 'fail', 'skip', 'inconclusive']);

export const gateSpecSchema = z.object({
  /** The accuracy a candidate must reach; null skips the bar check. */
  qualityBar: z.number().nullable(),
  /** The largest accuracy drop tolerated, in absolute terms (0.02 = 2 points). */
  maxAccuracyDrop: z.number(),
  /** The largest relative rise in cost per success tolerated (0.10 = +10%). */
  maxCostIncrease: z.number(),
  /** The largest relative rise in mean tokens per sample tolerated (0.20 = +20%); absent in older files. */
  maxTokenIncrease: z.number().optional(),
});

/** One candidate, one check. */
export const verdictSchema = z.object({
  candidate: z.string(),
  check: gateCheckSchema,
  status: verdictStatusSchema,
  /** What the current value is measured against: the bar, the baseline's paired accuracy, or its cost per success. */
  baseline: z.number().nullable(),
  /** The 95% lower bound for `bar`; accuracy over the paired cases for `accuracy`; USD for `cost`. */
  current: z.number().nullable(),
  /** `current - baseline` for `bar` and `accuracy`; the relative change for `cost` (0.2 = +20%). */
  delta: z.number().nullable(),
  /** The paired test's two-sided p-value (`accuracy` only). */
  p: z.number().nullable(),
  /** The limit applied (the rule): the bar, maxAccuracyDrop or maxCostIncrease. */
  threshold: z.number().nullable(),
  /** The paired test used (`accuracy` only). */
  method: z.enum(['mcnemar-exact', 'sign-flip-exact', 'sign-flip-monte-carlo']).nullable(),
  /** One sentence for people, with the numbers. */
  message: z.string(),
});

/** Where the baseline came from. */
export const baselineInfoSchema = z.object({
  runId: z.string(),
  suiteHash: z.string(),
  pricesAsOf: z.string(),
});

export const gateFileSchema = z.object({
  suite: z.string(),
  runId: z.string(),
  /** null when there was no baseline (the bar check still runs). */
  baseline: baselineInfoSchema.nullable(),
  spec: gateSpecSchema,
  verdicts: z.array(verdictSchema),
  /** Things worth knowing that are not failures: a suite hash change, a new price table, ... */
  notes: z.array(z.string()),
  counts: z.object({
    pass: z.number(),
    fail: z.number(),
    skip: z.number(),
    /** Absent in files written before the status existed. */
    inconclusive: z.number().optional(),
  }),
  /** True when no verdict failed and none was inconclusive. */
  passed: z.boolean(),
  version: z.literal(GATE_FILE_VERSION).optional(),
});

export type GateFile = z.infer<typeof gateFileSchema>;

const FIX = 'run `tollgate gate RUN_DIR` again to rewrite it';

/** Writes gate.json into a run folder (atomically), stamped with the current version. */
export async function writeGateFile(dir: string, result: GateFile): Promise<void> {
  const text = `${JSON.stringify({ ...result, version: GATE_FILE_VERSION }, null, 2)}\n`;
  await writeTextAtomically(join(dir, 'gate.json'), text);
}

/** gate.json of a run folder, checked; null when the run was never gated. */
export async function readGateFileIfAny(dir: string): Promise<GateFile | null> {
  try {
    return await readGateFile(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Reads and checks gate.json of a run folder. */
export async function readGateFile(dir: string): Promise<GateFile> {
  const path = join(dir, 'gate.json');
  const at = { file: path, line: null };
  const data = parseJson(await readFile(path, 'utf8'), at, FIX);
  checkVersion(data, GATE_FILE_VERSION, 'gate.json', at);
  return parseWith(gateFileSchema, data, at, FIX);
}
