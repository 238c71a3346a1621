import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { renderSummaryTable } from '../../report/console-summary.ts';
import { mergeRuns } from '../../workflow/merge-runs.ts';
import type { CliContext } from '../io.ts';

export interface MergeFlags {
  out?: string;
  json?: boolean;
}

export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('merge shard runs (--shard I/N) into one run and re-render its reports')
    .argument('<RUN_DIR...>', 'the run folders of shards 1/N … N/N')
    .option('--out <DIR>', 'write the merged run folder here (must be new or empty)')
    .option('--json', 'print the merged summary on stdout')
    .action(async (dirs: string[], flags: MergeFlags) => {
      ctx.exitCode = await mergeCommand(dirs, flags, ctx);
    });
}

/** Exit 0 when merged; 3 when the merged run is incomplete (a shard stopped on budget, a failed candidate, …). */
export async function mergeCommand(dirs: string[], flags: MergeFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const { dir, summary } = await mergeRuns({
    dirs: dirs.map((d) => resolve(io.cwd, d)),
    out: flags.out ? resolve(io.cwd, flags.out) : undefined,
    cwd: io.cwd,
    now: new Date(),
  });
  if (flags.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    io.out(
      `Merged ${dirs.length} shard(s) → ${relative(io.cwd, dir) || dir}\n\n${renderSummaryTable(summary, io.color)}`,
    );
    io.out(
      `Reports: ${relative(io.cwd, join(dir, 'report.html'))} (also summary.csv, cases.csv, summary.md, prices.csv)\n`,
    );
  }
  if (summary.stoppedReason !== null) {
    io.err(
      `The merged run is incomplete: a shard stopped (${summary.stoppedReason}); ${summary.samplesNotRun} sample(s) did not run.\n`,
    );
    return 3;
  }
  return 0;
}
