/**
 * The committed baseline for the gate, `results/SUITE/baseline.json`. Like a betterer results
 * file, it is reviewed in the pull request like a snapshot, so it is written to diff well: keys
 * sorted, one case per line, a trailing newline. Version 2 adds each candidate summary's
 * `meanTokensPerSample` (the token-inflation check's figure); a version-1 baseline still reads, and
 * its candidates' tokens are not checked. The optional `prices` field is read in either version. A
 * reader checks the fields the gate relies on and names each wrong one.
 */

import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigIssue, UserError } from '../errors.ts';
import { modelPriceSchema } from '../pricing/model-price.ts';
import { writeTextAtomically } from './atomic-write.ts';
import { parseJson } from './parse-file.ts';
import { candidateSummarySchema } from './summary-file.ts';

/** The baseline version this code writes. */
export const BASELINE_VERSION = 2;

/** The baseline versions this code reads. */
const READ_VERSIONS: readonly unknown[] = [1, 2];

/** caseId -> `[passed, samples]` over the repeats. */
export const caseOutcomesSchema = z.record(z.string(), z.tuple([z.number(), z.number()]).readonly());

/** One candidate as the baseline remembers it. */
export const baselineCandidateSchema = z.object({
  summary: candidateSummarySchema,
  /** caseId -> `[passed, samples]` over the repeats. */
  cases: caseOutcomesSchema,
});

export const baselineSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  suite: z.string(),
  suiteHash: z.string(),
  /** The `asOf` date of the price table the baseline run used. */
  pricesAsOf: z.string(),
  /**
   * The per-model prices the baseline run used (its summary's `prices.models`); the gate notes a
   * model whose price changed. Absent in baselines written before it: the gate compares `pricesAsOf`.
   */
  prices: z.record(z.string(), modelPriceSchema.nullable()).optional(),
  /** The run the baseline was taken from. */
  runId: z.string(),
  finishedAt: z.string(),
  /** candidate id -> its summary and per-case outcomes. */
  candidates: z.record(z.string(), baselineCandidateSchema),
});

export type BaselineCandidate = z.infer<typeof baselineCandidateSchema>;
export type Baseline = z.infer<typeof baselineSchema>;

/** Orders ids by code unit, as the gate does. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const FIX =
  'create it with `tollgate run SUITE --update-baseline` (or `tollgate gate RUN_DIR --update-baseline`) and commit it';

/** `results/SUITE/baseline.json` for a run folder `results/SUITE/RUN_ID`. */
export function defaultBaselinePath(runDir: string): string {
  // `..` rather than dirname(resolve(...)): no dependence on the process's cwd, and `.` works
  return join(runDir, '..', 'baseline.json');
}

/**
 * Stable JSON for review: object keys sorted by code unit, objects one key per line, arrays of
 * plain values on one line (so each case is one line: `"caseA": [2, 3],`), trailing newline.
 */
export function serializeBaseline(baseline: Baseline): string {
  return `${stableJson(baseline, '')}\n`;
}

function stableJson(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    }
    return `[\n${value.map((v) => inner + stableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareIds(a, b));
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stableJson(v, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** Writes the baseline (atomically: a reader never sees half a file). */
export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeTextAtomically(path, serializeBaseline(baseline));
}

/**
 * Reads and checks a baseline file.
 * @param suite when given, a baseline of another suite is an error
 * @throws UserError naming the file, what was expected and the fix, for a missing or invalid file
 */
export async function readBaseline(path: string, suite?: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const got = code === 'ENOENT' ? 'no file' : `an unreadable file (${code ?? String(err)})`;
    throw new UserError(`Expected a baseline file at ${path}, got ${got}. Fix: ${FIX}.`);
  }
  return parseBaseline(text, path, suite);
}

/** Parses and checks baseline JSON; `path` is only for messages. See `readBaseline`. */
export function parseBaseline(text: string, path: string, suite?: string): Baseline {
  const data = parseJson(text, { file: path, line: null }, `re-create the baseline; ${FIX}`);
  const issues = checkShape(data, path);
  if (issues.length > 0) throw new ConfigError(issues);
  const baseline = data as Baseline;
  if (suite !== undefined && baseline.suite !== suite) {
    throw new UserError(
      `Expected a baseline for suite ${JSON.stringify(suite)}, got one for suite ${JSON.stringify(baseline.suite)} at ${path}. ` +
        `Fix: pass the baseline of ${JSON.stringify(suite)} with --baseline FILE, or ${FIX.replace('SUITE', () => suite)}.`,
    );
  }
  return baseline;
}

const MAX_ISSUES = 20;

function checkShape(data: unknown, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const fix = `re-create the baseline; ${FIX}`;
  const add = (path: string, expected: string, value: unknown) => {
    if (issues.length < MAX_ISSUES)
      issues.push({ file, path, line: null, expected, got: describe(value), fix });
  };
  if (!isObject(data)) {
    add('', 'a tollgate baseline object', data);
    return issues;
  }
  if (!READ_VERSIONS.includes(data.version)) add('version', READ_VERSIONS.join(' or '), data.version);
  for (const key of ['suite', 'suiteHash', 'pricesAsOf', 'runId', 'finishedAt'] as const) {
    if (typeof data[key] !== 'string') add(key, 'a string', data[key]);
  }
  if (!isObject(data.candidates)) {
    add('candidates', 'an object of candidate id -> {summary, cases}', data.candidates);
    return issues;
  }
  for (const [id, entry] of Object.entries(data.candidates)) {
    const at = `candidates.${id}`;
    if (!isObject(entry)) {
      add(at, 'an object {summary, cases}', entry);
      continue;
    }
    checkSummary(entry.summary, id, `${at}.summary`, add);
    if (!isObject(entry.cases)) {
      add(`${at}.cases`, 'an object of case id -> [passed, samples]', entry.cases);
      continue;
    }
    for (const [caseId, pc] of Object.entries(entry.cases)) {
      if (!isPassCount(pc))
        add(`${at}.cases.${caseId}`, '[passed, samples] with 0 <= passed <= samples, samples >= 1', pc);
    }
  }
  return issues;
}

type Add = (path: string, expected: string, value: unknown) => void;

function checkSummary(s: unknown, id: string, at: string, add: Add): void {
  if (!isObject(s)) {
    add(at, 'a candidate summary object', s);
    return;
  }
  if (s.id !== id) add(`${at}.id`, `"${id}" (the key it is stored under)`, s.id);
  for (const key of ['samples', 'passed'] as const) {
    if (typeof s[key] !== 'number') add(`${at}.${key}`, 'a number', s[key]);
  }
  for (const key of ['accuracy', 'costUsd', 'costPerSuccessUsd', 'meanTokensPerSample'] as const) {
    if (key === 'meanTokensPerSample' && s[key] === undefined) continue;
    if (s[key] !== null && typeof s[key] !== 'number') add(`${at}.${key}`, 'a number or null', s[key]);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPassCount(x: unknown): boolean {
  if (!Array.isArray(x) || x.length !== 2) return false;
  const [k, n] = x as unknown[];
  return (
    Number.isInteger(k) &&
    Number.isInteger(n) &&
    (n as number) >= 1 &&
    (k as number) >= 0 &&
    (k as number) <= (n as number)
  );
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  const json = JSON.stringify(x) ?? String(x);
  const shown = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  return `${Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x} ${shown}`;
}
