/**
 * Reads a run folder's summary.json with clear errors: a missing folder or file, text that does
 * not parse, or a summary without the fields every reader relies on, each named with its fix.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue, UserError } from '../errors.ts';
import type { Summary } from '../types.ts';
import { FILES } from './run-folder.ts';

const RUN_FIX = 'pass a run folder written by `tollgate run`, such as results/SUITE/RUN_ID';

/** Reads and checks `summary.json` of a run folder. */
export async function readSummary(dir: string): Promise<Summary> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UserError(`Expected a run folder, got nothing at ${dir}. Fix: ${RUN_FIX}.`);
  if (!info.isDirectory())
    throw new UserError(`Expected a run folder, got a file at ${dir}. Fix: ${RUN_FIX}.`);
  const path = join(dir, FILES.summary);
  await expectFile(path, FILES.summary);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError(
      `Expected JSON at ${path}, got text that does not parse (${(err as Error).message}). Fix: re-run \`tollgate report ${dir}\` or the suite.`,
    );
  }
  const issues = checkSummary(data, path);
  if (issues.length > 0) throw new ConfigError(issues);
  return data as Summary;
}

/** Fails with a UserError naming the run-folder file when `path` is not a file. */
export async function expectFile(path: string, name: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return;
  throw new UserError(
    `Expected a run folder holding ${name}, got ${info ? 'a folder' : 'no such file'} at ${path}. ` +
      `Fix: ${RUN_FIX}; an interrupted run can be finished with \`tollgate run SUITE --resume RUN_DIR\`.`,
  );
}

function checkSummary(data: unknown, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const fix = 'pass a summary.json written by `tollgate run` (re-run the suite if it was edited)';
  const add = (path: string, expected: string, got: unknown) =>
    issues.push({
      file,
      path,
      line: null,
      expected,
      got: JSON.stringify(got)?.slice(0, 60) ?? 'nothing',
      fix,
    });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    add('', 'a run summary object', data);
    return issues;
  }
  const s = data as Record<string, unknown>;
  for (const key of ['suite', 'suiteHash', 'runId'])
    if (typeof s[key] !== 'string') add(key, 'a string', s[key]);
  const prices = s.prices as Record<string, unknown> | undefined;
  if (typeof prices?.asOf !== 'string') add('prices.asOf', 'a date string', prices?.asOf);
  if (s.qualityBar !== null && typeof s.qualityBar !== 'number')
    add('qualityBar', 'a number or null', s.qualityBar);
  if (!Array.isArray(s.candidates)) {
    add('candidates', 'an array of candidate summaries', s.candidates);
    return issues;
  }
  s.candidates.forEach((c: unknown, i: number) => {
    const cand = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    if (typeof cand.id !== 'string') add(`candidates.${i}.id`, 'a string', cand.id);
    for (const key of ['samples', 'passed']) {
      if (typeof cand[key] !== 'number') add(`candidates.${i}.${key}`, 'a number', cand[key]);
    }
    for (const key of ['accuracy', 'costPerSuccessUsd']) {
      if (cand[key] !== null && typeof cand[key] !== 'number')
        add(`candidates.${i}.${key}`, 'a number or null', cand[key]);
    }
  });
  return issues;
}
