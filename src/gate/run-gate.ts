/**
 * The gate's file-level entry points: gate a run folder against the baseline and write the
 * verdicts (junit.xml, summary.md, $GITHUB_STEP_SUMMARY), or update the baseline from a run.
 * The environment is passed in; nothing here reads process.env.
 */

import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { type Baseline, defaultBaselinePath, readBaseline, writeBaseline } from '../log/baseline-file.ts';
import { writeGateFile } from '../log/gate-file.ts';
import { isFile } from '../log/is-file.ts';
import { readSummary } from '../log/read-summary.ts';
import { buildBaseline } from './build-baseline.ts';
import { gateRun, gateSpecOf } from './compare.ts';
import { renderJUnit } from './junit.ts';
import { GATE_SECTION_END, GATE_SECTION_START, renderGateMarkdown } from './markdown.ts';
import { readRun, readRunRecords } from './read-run.ts';
import type { GateResult } from './types.ts';
import { renderVerdictTable } from './verdict-table.ts';

export interface RunGateOptions {
  /**
   * The baseline file. When given, it must exist.
   * @default `<runDir>/../baseline.json` (results/SUITE/baseline.json); when that is missing, only the bar is checked
   */
  baselinePath?: string;
  /** The environment, for `GITHUB_STEP_SUMMARY`. */
  env: Record<string, string | undefined>;
  /** Colour the console table. */
  color: boolean;
}

/**
 * Gates a run folder: reads it and the baseline, computes the verdicts, writes `gate.json` and
 * `junit.xml` into the run folder, puts the gate section into its `summary.md` (replacing an earlier one), and
 * appends that section to `$GITHUB_STEP_SUMMARY` when set.
 * @returns the result, the exit code (1 on any failure) and the console table to print
 * @throws UserError for a missing or broken run folder or baseline
 */
export async function runGate(
  runDir: string,
  opts: RunGateOptions,
): Promise<{ result: GateResult; exitCode: 0 | 1; console: string }> {
  const run = await readRun(runDir);
  const path = opts.baselinePath ?? defaultBaselinePath(runDir);
  let baseline: Baseline | null = null;
  if (opts.baselinePath !== undefined || (await isFile(path))) {
    baseline = await readBaseline(path, run.summary.suite);
  }
  const result = gateRun(run, baseline, gateSpecOf(run.summary));
  if (!baseline) result.notes.push(`Looked for a baseline at ${path}.`);
  await writeGateFile(runDir, result);
  await writeTextAtomically(join(runDir, 'junit.xml'), renderJUnit(result));
  const section = renderGateMarkdown(result);
  await upsertSection(join(runDir, 'summary.md'), section);
  const stepSummary = opts.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `\n${section}`, 'utf8');
  return {
    result,
    exitCode: result.passed ? 0 : 1,
    console: renderVerdictTable(result, { color: opts.color }),
  };
}

/**
 * Writes a new baseline from a run folder, for review in the pull request.
 * @param baselinePath @default `<runDir>/../baseline.json`
 * @returns the path written
 * @throws UserError when the run is a shard or incomplete: a baseline must cover the whole suite
 */
export async function updateBaseline(runDir: string, baselinePath?: string): Promise<string> {
  const summary = await readSummary(runDir);
  if (summary.shard !== null && summary.shard !== undefined) {
    throw new UserError(
      `Expected a complete run to take the baseline from, got shard ${summary.shard.index}/${summary.shard.count} at ${runDir}. ` +
        'Fix: `tollgate merge` the shards and update the baseline from the merged run.',
    );
  }
  if (summary.stoppedReason !== null && summary.stoppedReason !== undefined) {
    throw new UserError(
      `Expected a complete run to take the baseline from, got a run that stopped (${summary.stoppedReason}) at ${runDir}. ` +
        'Fix: finish it with `tollgate run SUITE --resume RUN_DIR`, then update the baseline.',
    );
  }
  const path = baselinePath ?? defaultBaselinePath(runDir);
  const recordsPath = join(runDir, 'records.jsonl');
  if (!(await isFile(recordsPath))) {
    throw new UserError(
      `Expected a run folder holding records.jsonl, got no such file at ${recordsPath}. Fix: pass a run folder written by \`tollgate run\`.`,
    );
  }
  await writeBaseline(path, await buildBaseline(summary, readRunRecords(runDir)));
  return path;
}

/** Replaces the gate section of a Markdown file, or appends it (creating the file if needed). */
async function upsertSection(path: string, section: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const start = existing.indexOf(GATE_SECTION_START);
  const end = existing.indexOf(GATE_SECTION_END, start);
  let next: string;
  if (start >= 0 && end > start) {
    const after = existing.slice(end + GATE_SECTION_END.length).replace(/^\n/, '');
    next = existing.slice(0, start) + section + after;
  } else {
    next = existing === '' ? section : `${existing.replace(/\n*$/, '\n')}\n${section}`;
  }
  await writeTextAtomically(path, next);
}
