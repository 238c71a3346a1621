import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { createFileBatchStore } from '../../batch/batch-store.ts';
import { loadSuite } from '../../config/load-suite.ts';
import { UserError } from '../../errors.ts';
import { runGate, updateBaseline } from '../../gate/run-gate.ts';
import { readBaseline } from '../../log/baseline-file.ts';
import { isFile } from '../../log/is-file.ts';
import {
  createRunDir,
  discardRunDir,
  FILES,
  openRecordWriter,
  type RunMeta,
  writeCases,
  writeJsonAtomic,
  writeSummary,
} from '../../log/run-folder.ts';
import { registerSecret } from '../../providers/redact.ts';
import { openCaseReports } from '../../report/case-reports.ts';
import { writeReports } from '../../report/write-reports.ts';
import { prepareResume } from '../../results/resume.ts';
import { planCases } from '../../runner/plan.ts';
import { defaultRunDeps, type LiveRun, runSuite } from '../../runner/run-suite.ts';
import { selectCandidates } from '../../runner/selection.ts';
import {
  cacheDirOf,
  checkSelectedIds,
  parsePositiveInt,
  parseSelectionFlags,
  type SelectionFlags,
} from '../flags.ts';
import type { CliContext } from '../io.ts';
import { startProgress } from '../progress.ts';
import { renderSummaryTable } from '../summary-table.ts';

export interface RunFlags extends SelectionFlags {
  out?: string;
  cache: boolean;
  replay?: boolean;
  resume?: string;
  batch?: boolean;
  gate?: boolean;
  updateBaseline?: boolean;
  json?: boolean;
  cacheDir?: string;
  quiet?: boolean;
  allowUnpriced?: boolean;
  baseline?: string;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run a suite and write the run folder and every report')
    .argument('[SUITE]', 'a suite name in suites/ or a path (optional with --resume)')
    .option('--models <ids>', 'only these model ids, comma-separated')
    .option('--prompts <ids>', 'only these prompt ids, comma-separated')
    .option('--repeats <n>', 'samples per case and candidate')
    .option('--sample <n>', 'a seeded subset of n cases, the same for every candidate')
    .option('--budget <usd>', 'hard cap on what this run spends (overrides budgetUsd)')
    .option('--concurrency <n>', 'requests in flight per provider endpoint')
    .option('--out <dir>', 'write the run folder here (must be new or empty)')
    .option('--no-cache', 'do not read or write the response cache')
    .option('--replay', 'serve every response from the cache; any miss is an error')
    .option('--resume <runDir>', 'finish an interrupted run; nothing already recorded is sent again')
    .option('--shard <i/n>', 'run shard i of n (cases split by a hash of their id)')
    .option('--batch', "send samples through the providers' batch APIs at batch prices")
    .option('--gate', 'gate the run against the baseline; exit 1 on a regression')
    .option('--baseline <file>', 'baseline for --gate (default results/SUITE/baseline.json)')
    .option('--update-baseline', 'write results/SUITE/baseline.json from this run')
    .option('--json', 'print the machine-readable summary on stdout')
    .option('--cache-dir <dir>', 'response cache folder (default .tollgate/cache, or $TOLLGATE_CACHE_DIR)')
    .option('--allow-unpriced', 'run models with no known price; their cost is recorded as null')
    .option('--quiet', 'no progress output')
    .action(async (suiteArg: string | undefined, flags: RunFlags) => {
      ctx.exitCode = await runCommand(suiteArg, flags, ctx);
    });
}

export async function runCommand(
  suiteArg: string | undefined,
  flags: RunFlags,
  ctx: CliContext,
): Promise<number> {
  const { io } = ctx;
  for (const [k, v] of Object.entries(io.env)) if (/(_API_KEY|_TOKEN|_SECRET)$/.test(k)) registerSecret(v);
  if (flags.replay && flags.cache === false) {
    throw new UserError(
      'Expected either --replay or --no-cache, got both. Fix: --replay reads only the cache; drop one of them.',
    );
  }
  if (flags.resume && flags.out)
    throw new UserError(
      'Expected either --resume or --out, got both. Fix: --resume writes into the run folder it names.',
    );
  const selection = parseSelectionFlags(flags);
  const { budgetUsd: budgetFlag, concurrency } = selection;
  let { repeats, sample, shard, models, prompts } = selection;
  let allowUnpriced = Boolean(flags.allowUnpriced);

  const resume = flags.resume ? await prepareResume(resolve(io.cwd, flags.resume), suiteArg, io.cwd) : null;
  if (resume) {
    ({ models, prompts, repeats, sample, shard } = {
      ...resume.meta.options,
      repeats: resume.meta.options.repeats,
    });
    allowUnpriced = resume.meta.options.allowUnpriced;
    if (resume.repairedBytes > 0) {
      io.err(
        `Repaired a torn last line in ${FILES.records} (${resume.repairedBytes} bytes cut, a write the kill interrupted); that sample runs again.\n`,
      );
    }
  }
  if (!suiteArg && !resume)
    throw new UserError(
      'Expected a suite name or path, got none. Fix: `npm run eval demo`, or `tollgate run suites/NAME.yaml`.',
    );
  const suite = await loadSuite(resume ? resume.meta.suiteFile : suiteArg!, io.cwd, { allowUnpriced });
  if (resume && resume.meta.suiteHash !== suite.hash) {
    throw new UserError(
      `Expected the suite to be unchanged since the run started (hash ${resume.meta.suiteHash}), got hash ${suite.hash} for ${suite.file}. Fix: restore the suite and dataset, or start a new run.`,
    );
  }
  checkSelectedIds({ models, prompts }, suite);

  if (flags.gate && flags.baseline) {
    // a bad baseline is bad input: say so before spending anything
    await readBaseline(resolve(io.cwd, flags.baseline), suite.name);
  }
  const cacheDir = cacheDirOf(flags.cacheDir, io);
  const budgetUsd = resume ? (budgetFlag ?? resume.meta.options.budgetUsd) : (budgetFlag ?? suite.budgetUsd);
  const now = new Date();
  const { dir, runId } = resume
    ? { dir: resume.dir, runId: resume.meta.runId }
    : await createRunDir({
        cwd: io.cwd,
        suite: suite.name,
        out: flags.out ? resolve(io.cwd, flags.out) : undefined,
        now,
      });
  const repeatsUsed = repeats ?? suite.repeats;
  if (!resume) {
    const meta: RunMeta = {
      version: 1,
      suite: suite.name,
      suiteFile: suite.file,
      suiteHash: suite.hash,
      runId,
      startedAt: now.toISOString(),
      options: {
        models,
        prompts,
        repeats: repeatsUsed,
        sample,
        shard,
        seed: suite.seed,
        budgetUsd,
        allowUnpriced,
        batch: Boolean(flags.batch),
      },
    };
    await writeJsonAtomic(join(dir, FILES.meta), meta);
  }
  // rewritten on --resume too: a run killed while writing it left it torn
  const planned = planCases(suite.cases, { seed: suite.seed, sample, shard });
  await writeCases(dir, planned);
  const batch = Boolean(flags.batch) || Boolean(resume?.meta.options.batch);
  const quiet = Boolean(flags.quiet || flags.json);
  if (batch && suite.config.task) {
    io.err(
      "Note: --batch sends plain prompts only; this suite's task makes its own calls, so they are sent live at list prices.\n",
    );
  }

  const writer = openRecordWriter(dir);
  // a fresh run writes cases.csv as its samples finish; a resumed one rewrites it from records.jsonl
  const caseReports = resume
    ? undefined
    : await openCaseReports(dir, {
        candidates: selectCandidates(suite, { models, prompts }).map((c) => c.id),
        order: new Map(planned.map((c, i) => [c.id, i])),
      });
  let recorded = 0;
  let progress: { stop(): void } | null = null;
  let result: Awaited<ReturnType<typeof runSuite>>;
  try {
    if (!flags.quiet && !flags.json) io.err(`Running ${suite.name} → ${relative(io.cwd, dir) || dir}\n`);
    result = await runSuite(
      suite,
      {
        models,
        prompts,
        repeats: repeatsUsed,
        sample,
        shard,
        budgetUsd,
        concurrency,
        cacheMode: flags.replay ? 'replay' : flags.cache === false ? 'off' : 'read-write',
        cacheDir,
        previous: resume?.records,
        runId,
        batch,
        batchPollMs: io.env.TOLLGATE_BATCH_POLL_MS
          ? parsePositiveInt('TOLLGATE_BATCH_POLL_MS', io.env.TOLLGATE_BATCH_POLL_MS)
          : undefined,
      },
      {
        ...defaultRunDeps,
        env: io.env,
        signal: io.signal,
        onRecord: (r) => {
          writer.append(r);
          recorded++;
          caseReports?.add(r);
        },
        onStart: (live: LiveRun) => {
          // with --batch, plain lines: batch progress lines would break the in-place redraw
          progress = startProgress(live, { write: io.err, isTTY: io.isTTY && !batch, quiet, now: Date.now });
        },
        batchStore: createFileBatchStore(dir),
        onBatchProgress: (line) => {
          if (!quiet) io.err(`${line}\n`);
        },
      },
    );
  } catch (err) {
    await caseReports?.discard();
    // refused before anything was sent: leave nothing that would block the same command again
    if (!resume && recorded === 0 && err instanceof UserError)
      await discardRunDir(dir, { keepDir: Boolean(flags.out) });
    throw err;
  } finally {
    (progress as { stop(): void } | null)?.stop();
    writer.close();
  }
  try {
    await writeSummary(dir, result.summary);
    await writeReports(dir, { summary: result.summary, caseReports });
  } catch (err) {
    // records.jsonl holds every sample: `tollgate report` can write the reports again
    await caseReports?.discard();
    throw err;
  }

  let code = 0;
  if (flags.updateBaseline) {
    if (result.summary.stoppedReason !== null || result.summary.shard !== null) {
      io.err(
        `Did not update the baseline: a baseline must come from a complete, unsharded run (this one: ${result.summary.stoppedReason ?? 'a shard'}).\n`,
      );
    } else {
      const path = await updateBaseline(
        dir,
        flags.baseline
          ? resolve(io.cwd, flags.baseline)
          : join(io.cwd, 'results', suite.name, 'baseline.json'),
      );
      if (!flags.json) io.out(`Wrote the baseline ${relative(io.cwd, path)}; commit it for review.\n`);
    }
  }
  if (flags.json) io.out(`${JSON.stringify(result.summary, null, 2)}\n`);
  else {
    io.out(`\n${renderSummaryTable(result.summary, io.color)}`);
    io.out(
      `Reports: ${relative(io.cwd, join(dir, 'report.html'))} (also summary.csv, cases.csv, summary.md)\n`,
    );
  }
  if (flags.gate && !flags.updateBaseline) {
    const gate = await runGate(dir, {
      baselinePath: flags.baseline
        ? resolve(io.cwd, flags.baseline)
        : await existingFile(join(io.cwd, 'results', suite.name, 'baseline.json')),
      env: io.env,
      color: io.color,
    });
    (flags.json ? io.err : io.out)(`\n${gate.console}`);
    if (gate.exitCode !== 0) code = 1;
  }
  if (result.replayMiss) throw result.replayMiss;
  const stop = result.summary.stoppedReason;
  if (stop === 'interrupted') return 130;
  if (stop === 'budget' || stop === 'candidate_failed') return 3;
  return code;
}

async function existingFile(path: string): Promise<string | undefined> {
  return (await isFile(path)) ? path : undefined;
}
