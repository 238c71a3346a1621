import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { createRedactor } from '../../providers/redact.ts';
import { renderSummaryTable } from '../../report/console-summary.ts';
import { renderErrorList } from '../../report/error-digest.ts';
import { abortableSleep } from '../../retry/with-retry.ts';
import type { CacheMode } from '../../runner/metered-chat.ts';
import type { LiveRun } from '../../runner/run-suite.ts';
import { type ExitReason, type RunEvalResult, type RunEvent, runEval } from '../../workflow/run-eval.ts';
import {
  cacheDirOf,
  parsePositiveInt,
  parseSelectionFlags,
  type SelectionFlags,
  sampleLargerWarning,
} from '../flags.ts';
import type { CliContext, CliIO } from '../io.ts';
import { startProgress } from '../progress.ts';

export interface RunFlags extends SelectionFlags {
  out?: string;
  cache: boolean;
  replay?: boolean;
  resume?: string;
  batch?: boolean;
  gate?: boolean;
  updateBaseline?: boolean;
  json?: boolean;
  allowIncomplete?: boolean;
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
    .option('--models <IDS>', 'only these model ids, comma-separated')
    .option('--prompts <IDS>', 'only these prompt ids, comma-separated')
    .option('--repeats <N>', 'samples per case and candidate')
    .option('--sample <N>', 'a seeded subset of N cases, the same for every candidate')
    .option('--budget <USD>', 'hard cap on what this run spends (overrides budgetUsd)')
    .option('--concurrency <N>', 'requests in flight per provider endpoint')
    .option('--out <DIR>', 'write the run folder here (must be new or empty)')
    .option('--no-cache', 'do not read or write the response cache')
    .option('--replay', 'serve every response from the cache; any miss is an error')
    .option(
      '--resume <RUN_DIR>',
      'finish an interrupted run with the settings it started with; nothing recorded is sent again',
    )
    .option('--shard <I/N>', 'run shard i of n (cases split by a hash of their id)')
    .option('--batch', "send samples through the providers' batch APIs at batch prices")
    .option('--gate', 'gate the run against the baseline; exit 1 on a regression')
    .option('--baseline <FILE>', 'baseline for --gate (default results/SUITE/baseline.json)')
    .option('--update-baseline', 'write results/SUITE/baseline.json from this run')
    .option('--json', 'print the summary, the run folder, the exit reason and the gate verdicts as JSON')
    .option(
      '--allow-incomplete',
      'accept candidates below minCoverage: they can be picked and gated, with no exit 3 for them',
    )
    .option('--cache-dir <DIR>', 'response cache folder (default .tollgate/cache, or $TOLLGATE_CACHE_DIR)')
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
  checkFlagPairs(flags);
  const quiet = Boolean(flags.quiet || flags.json);
  let progress: { stop(): void } | null = null;
  const result = await runEval(
    suiteArg,
    {
      ...parseSelectionFlags(flags),
      out: flags.out ? resolve(io.cwd, flags.out) : undefined,
      resume: flags.resume ? resolve(io.cwd, flags.resume) : undefined,
      cacheMode: cacheModeOf(flags),
      cacheDir: cacheDirOf(flags.cacheDir, io),
      batch: Boolean(flags.batch),
      batchPollMs: io.env.TOLLGATE_BATCH_POLL_MS
        ? parsePositiveInt('TOLLGATE_BATCH_POLL_MS', io.env.TOLLGATE_BATCH_POLL_MS)
        : undefined,
      allowUnpriced: Boolean(flags.allowUnpriced),
      gate: Boolean(flags.gate),
      baseline: flags.baseline ? resolve(io.cwd, flags.baseline) : undefined,
      updateBaseline: Boolean(flags.updateBaseline),
      color: io.color,
      allowIncomplete: Boolean(flags.allowIncomplete),
    },
    {
      cwd: io.cwd,
      env: io.env,
      signal: io.signal,
      now: io.now ?? Date.now,
      random: io.random ?? Math.random,
      sleep: io.sleep ?? abortableSleep,
      redactor: createRedactor(),
      onEvent: (e) => {
        if (e.type === 'samples-done') progress?.stop();
        else showEvent(e, io, quiet);
      },
      onStart: (live: LiveRun) => {
        // with --batch, plain lines: batch progress lines would break the in-place redraw
        progress = startProgress(live, {
          write: io.err,
          isTTY: io.isTTY && !live.batch,
          quiet,
          now: io.now ?? Date.now,
        });
      },
    },
  );
  printResult(result, flags, io);
  if (result.replayMiss) throw result.replayMiss;
  return EXIT_CODES[result.exitReason];
}

const EXIT_CODES: Record<ExitReason, number> = {
  ok: 0,
  gate_failed: 1,
  replay_miss: 2,
  budget: 3,
  candidate_failed: 3,
  incomplete: 3,
  interrupted: 130,
};

function checkFlagPairs(flags: RunFlags): void {
  if (flags.replay && flags.cache === false) {
    throw new UserError(
      'Expected either --replay or --no-cache, got both. Fix: --replay reads only the cache; drop one of them.',
    );
  }
  if (flags.resume && flags.out)
    throw new UserError(
      'Expected either --resume or --out, got both. Fix: --resume writes into the run folder it names.',
    );
}

/** The cache mode a flag asks for; undefined when none does (a new run reads and writes the cache). */
function cacheModeOf(flags: RunFlags): CacheMode | undefined {
  return flags.replay ? 'replay' : flags.cache === false ? 'off' : undefined;
}

function showEvent(e: RunEvent, io: CliIO, quiet: boolean): void {
  if (e.type === 'repaired') {
    io.err(
      `Repaired a torn last line in records.jsonl (${e.bytes} bytes cut, a write the kill interrupted); that sample runs again.\n`,
    );
  } else if (e.type === 'batch-task-live') {
    io.err(
      "Note: --batch sends plain prompts only; this suite's task makes its own calls, so they are sent live at list prices.\n",
    );
  } else if (e.type === 'suite-warning') {
    io.err(`Warning: ${e.line}\n`);
  } else if (e.type === 'sample-larger') {
    io.err(sampleLargerWarning(e.sample, e.cases));
  } else if (e.type === 'started') {
    if (!quiet) io.err(`Running ${e.suite} → ${relative(io.cwd, e.dir) || e.dir}\n`);
  } else if (e.type === 'batch-progress') {
    if (!quiet) io.err(`${e.line}\n`);
  }
}

function printResult(result: RunEvalResult, flags: RunFlags, io: CliIO): void {
  const { summary, baseline, gate, dir } = result;
  if (baseline && 'skipped' in baseline) {
    io.err(
      `Did not update the baseline: a baseline must come from a complete, unsharded run (this one: ${baseline.skipped}).\n`,
    );
  } else if (baseline && !flags.json) {
    io.out(`Wrote the baseline ${relative(io.cwd, baseline.written)}; commit it for review.\n`);
  }
  io.err(`Run folder: ${relative(io.cwd, dir) || dir}\n`);
  if (flags.json) io.out(`${JSON.stringify(jsonResult(result), null, 2)}\n`);
  else {
    io.out(`\n${renderSummaryTable(summary, io.color)}`);
    io.out(
      `Reports: ${relative(io.cwd, join(dir, 'report.html'))} (also summary.csv, cases.csv, summary.md, prices.csv)\n`,
    );
  }
  const errors = renderErrorList(summary);
  if (errors) (flags.json ? io.err : io.out)(`\n${errors}`);
  if (gate) (flags.json ? io.err : io.out)(`\n${gate.console}`);
}

/**
 * What `run --json` prints: the summary (with every candidate's figures), plus what a CI script
 * needs beside it: the run folder, why the run ended, and the gate's verdicts (null without --gate).
 */
function jsonResult(result: RunEvalResult): Record<string, unknown> {
  return {
    ...result.summary,
    runFolder: result.dir,
    exitReason: result.exitReason,
    gate: result.gate?.result ?? null,
  };
}
