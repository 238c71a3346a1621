/**
 * The gate's file-level entry points: gate a run folder against the baseline and write the
 * verdicts (gate.json, then junit.xml and summary.md rendered from it, and $GITHUB_STEP_SUMMARY),
 * or update the baseline from a run.
 * The environment is passed in; nothing here reads process.env.
 */

import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { buildBaseline } from '../gate/build-baseline.ts';
import { gateRun, gateSpecOf } from '../gate/compare.ts';
import { renderGateMarkdown } from '../gate/markdown.ts';
import { readRun, readRunRecords } from '../gate/read-run.ts';
import type { GateResult } from '../gate/types.ts';
import { renderVerdictTable } from '../gate/verdict-table.ts';
import { type Baseline, defaultBaselinePath, readBaseline, writeBaseline } from '../log/baseline-file.ts';
import { writeGateFile } from '../log/gate-file.ts';
import { isFile } from '../log/is-file.ts';
import { readSummary } from '../log/read-summary.ts';
import { writeReports } from '../report/write-reports.ts';

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
 * Gates a run folder: reads it and the baseline, computes the verdicts, writes `gate.json`, renders
 * `junit.xml` and `summary.md` (the summary plus the gate section) from it, and appends the gate
 * section to `$GITHUB_STEP_SUMMARY` when set.
 * @returns the result, the exit code (1 on any failure, else 3 when a verdict is inconclusive) and the console table to print
 * @throws UserError for a missing or broken run folder or baseline
 */
export async function runGate(
  runDir: string,
  opts: RunGateOptions,
): Promise<{ result: GateResult; exitCode: 0 | 1 | 3; console: string }> {
  const run = await readRun(runDir);
  const path = opts.baselinePath ?? defaultBaselinePath(runDir);
  let baseline: Baseline | null = null;
  if (opts.baselinePath !== undefined || (await isFile(path))) {
    baseline = await readBaseline(path, run.summary.suite);
  }
  const result = gateRun(run, baseline, gateSpecOf(run.summary));
  if (!baseline) result.notes.push(`Looked for a baseline at ${path}.`);
  await writeGateFile(runDir, result);
  await writeReports(runDir, { summary: run.summary, reporters: ['markdown', 'junit'] });
  const stepSummary = opts.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `\n${renderGateMarkdown(result)}`, 'utf8');
  return {
    result,
    exitCode: result.counts.fail > 0 ? 1 : result.passed ? 0 : 3,
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
