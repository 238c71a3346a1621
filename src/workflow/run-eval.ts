import { join } from 'node:path';
import type { ResolvedSuite } from '../config/resolved.ts';
import { UserError } from '../errors.ts';
import { isFile } from '../log/is-file.ts';
import { discardRunDir, openRecordWriter, writeSummary } from '../log/run-folder.ts';
import type { StoppedReason, Summary } from '../log/summary-file.ts';
import { registerEnvSecrets } from '../providers/redact.ts';
import { type CaseReports, openCaseReports } from '../report/case-reports.ts';
import type { PromptsIndex } from '../report/prompts-index.ts';
import { createFileBatchStore } from '../runner/batch-store.ts';
import { type RunResult, runSuite } from '../runner/run-suite.ts';
import { withBaselinePick } from './compared-pick.ts';
import { type OpenRun, openRun } from './open-run.ts';
import type {
  BaselineOutcome,
  ExitReason,
  GateOutcome,
  RunEvalDeps,
  RunEvalOptions,
  RunEvalResult,
} from './run-eval-types.ts';

export type * from './run-eval-types.ts';

/**
 * Runs a suite end to end and owns its run folder: plans the cases, resumes, writes run.json,
 * cases.jsonl and records.jsonl as samples finish, then the summary and reports, updates the
 * baseline and gates the run. Prints nothing: the result says what happened.
 * @param suiteRef a suite name or path (relative to deps.cwd), a loaded suite, or undefined with `resume`
 * @throws UserError for bad input (exit 2), before anything is spent where it can be found early
 */
export async function runEval(
  suiteRef: string | ResolvedSuite | undefined,
  opts: RunEvalOptions,
  deps: RunEvalDeps,
): Promise<RunEvalResult> {
  registerEnvSecrets(deps.redactor, deps.env);
  const run = allowingIncomplete(await openRun(suiteRef, opts, deps));
  for (const line of run.suite.warnings ?? []) deps.onEvent?.({ type: 'suite-warning', line });
  if (run.scope.batch && run.suite.config.task) deps.onEvent?.({ type: 'batch-task-live' });
  const { sample } = run.scope;
  if (sample !== undefined && sample > run.suite.cases.length)
    deps.onEvent?.({ type: 'sample-larger', sample, cases: run.suite.cases.length });
  const result = await executeRun(run, opts, deps);
  const baseline = opts.updateBaseline ? await settleBaseline(run, result.summary, opts, deps) : null;
  const gate = opts.gate && !opts.updateBaseline ? await gateOf(run, opts, deps) : null;
  return {
    summary: result.summary,
    gate,
    baseline,
    exitReason: exitReasonOf(result.summary.stoppedReason, result.replayMiss, gate, result.summary),
    replayMiss: result.replayMiss,
    dir: run.dir,
  };
}

/** Runs the samples into records.jsonl, then writes summary.json and the reports. */
async function executeRun(run: OpenRun, opts: RunEvalOptions, deps: RunEvalDeps): Promise<RunResult> {
  const writer = openRecordWriter(run.dir);
  // a fresh run writes cases.csv as its samples finish; a resumed one rewrites it from records.jsonl
  const caseReports = run.resume
    ? undefined
    : await openCaseReports(run.dir, {
        candidates: run.plan.candidates.map((c) => c.id),
        order: new Map(run.plan.cases.map((c, i) => [c.id, i])),
        fields: new Map(run.plan.cases.map((c) => [c.id, c.fields])),
      });
  let recorded = 0;
  let reports: ReturnType<typeof loadReportWriters> | undefined;
  let result: RunResult;
  let closing: Promise<void> | undefined;
  try {
    deps.onEvent?.({ type: 'started', suite: run.suite.name, dir: run.dir, batch: run.scope.batch });
    result = await runSuite(run.suite, runOptionsOf(run, opts), {
      ...deps,
      onRecord: (r) => {
        writer.append(r);
        recorded++;
        caseReports?.add(r);
        run.startCaseFiles();
      },
      batchStore: createFileBatchStore(run.dir),
      onBatchProgress: (line) => deps.onEvent?.({ type: 'batch-progress', line }),
      // the report writers load while the last answers are awaited, not after them
      onLastRound: () => {
        reports = loadReportWriters();
        reports.catch(() => undefined);
      },
    });
  } catch (err) {
    await writer.close();
    run.startCaseFiles();
    await run.caseFiles.catch(() => undefined);
    await caseReports?.discard();
    // refused before anything was sent: leave nothing that would block the same command again
    if (!run.resume && recorded === 0 && err instanceof UserError)
      await discardRunDir(run.dir, { keepDir: Boolean(opts.out) });
    throw err;
  } finally {
    deps.onEvent?.({ type: 'samples-done' });
    // records.jsonl is flushed to disk while the reports are written
    closing = writer.close();
  }
  try {
    // the reports read cases.jsonl, and prompts.jsonl unless the prompts written were kept
    run.startCaseFiles();
    const prompts = await run.caseFiles;
    result = {
      ...result,
      summary: await withBaselinePick(result.summary, opts.baseline ?? defaultBaseline(run, deps)),
    };
    await writeRunReports(await (reports ?? loadReportWriters()), run.dir, result.summary, {
      caseReports,
      prompts,
    });
  } finally {
    await closing;
  }
  return result;
}

function runOptionsOf(run: OpenRun, opts: RunEvalOptions) {
  return {
    ...run.scope,
    cacheDir: opts.cacheDir,
    previous: run.resume?.records,
    plan: run.plan,
    runId: run.runId,
    batchPollMs: opts.batchPollMs,
  };
}

/** The report writers, loaded (and their templates and stylesheets read) on first use. */
async function loadReportWriters(): Promise<typeof import('../report/write-reports.ts')> {
  const writers = await import('../report/write-reports.ts');
  writers.prepareReports();
  return writers;
}

async function writeRunReports(
  writers: typeof import('../report/write-reports.ts'),
  dir: string,
  summary: Summary,
  { caseReports, prompts }: { caseReports?: CaseReports; prompts: PromptsIndex | null },
): Promise<void> {
  try {
    await writeSummary(dir, summary);
    await writers.writeReports(dir, { summary, caseReports, prompts });
  } catch (err) {
    // records.jsonl holds every sample: `tollgate report` can write the reports again
    await caseReports?.discard();
    throw err;
  }
}

async function settleBaseline(
  run: OpenRun,
  summary: Summary,
  opts: RunEvalOptions,
  deps: RunEvalDeps,
): Promise<BaselineOutcome> {
  if (summary.stoppedReason !== null || summary.shard !== null) {
    return { skipped: summary.stoppedReason ?? 'a shard' };
  }
  const path = opts.baseline ?? defaultBaseline(run, deps);
  const { updateBaseline } = await import('./run-gate.ts');
  return { written: await updateBaseline(run.dir, path) };
}

async function gateOf(run: OpenRun, opts: RunEvalOptions, deps: RunEvalDeps): Promise<GateOutcome> {
  const fallback = defaultBaseline(run, deps);
  const { runGate } = await import('./run-gate.ts');
  const gate = await runGate(run.dir, {
    baselinePath: opts.baseline ?? ((await isFile(fallback)) ? fallback : undefined),
    env: deps.env,
    color: Boolean(opts.color),
  });
  return {
    result: gate.result,
    passed: gate.exitCode === 0,
    console: gate.console,
    inconclusive: gate.exitCode === 3,
  };
}

function defaultBaseline(run: OpenRun, deps: RunEvalDeps): string {
  return join(deps.cwd, 'results', run.suite.name, 'baseline.json');
}

/** With `--allow-incomplete` (now or when the run started), the run's `minCoverage` is 0: every candidate is complete enough. */
function allowingIncomplete(run: OpenRun): OpenRun {
  if (!run.scope.allowIncomplete) return run;
  return { ...run, suite: { ...run.suite, config: { ...run.suite.config, minCoverage: 0 } } };
}

/**
 * The reason the run ended: a replay miss first, then a stop, then the gate, then an incomplete
 * candidate (or an inconclusive gate).
 */
export function exitReasonOf(
  stopped: StoppedReason,
  replayMiss: Error | null,
  gate: GateOutcome | null,
  summary?: Pick<Summary, 'candidates'>,
): ExitReason {
  if (replayMiss) return 'replay_miss';
  if (stopped === 'interrupted' || stopped === 'budget' || stopped === 'candidate_failed') return stopped;
  if (gate && !gate.passed && !gate.inconclusive) return 'gate_failed';
  if (gate?.inconclusive || summary?.candidates.some((c) => c.incomplete)) return 'incomplete';
  return 'ok';
}
