/** `tollgate compare RUN_A RUN_B [--json]`: argv -> compareRuns. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { compareRuns } from '../../gate/compare-runs.ts';
import { readRun } from '../../gate/read-run.ts';
import { renderComparison } from '../../gate/render-comparison.ts';
import type { CliContext } from '../io.ts';

/** Defines the `compare` command: per-candidate deltas with paired significance, and flipped cases. */
export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('per-candidate and per-case differences between two runs')
    .argument('<RUN_A>', 'the earlier run folder')
    .argument('<RUN_B>', 'the later run folder')
    .option('--json', 'print the comparison as JSON (every flipped case included)')
    .option('--limit <N>', 'flipped cases listed per candidate and direction (default 20)')
    .action(async (runA: string, runB: string, flags: { json?: boolean; limit?: string }) => {
      const { io } = ctx;
      const limit = Number(flags.limit ?? 20);
      if (!Number.isInteger(limit) || limit < 0) {
        throw new UserError(
          `Expected --limit to be a whole number from 0 and up, got "${flags.limit}". Fix: pass e.g. --limit 50.`,
        );
      }
      const [a, b] = await Promise.all([readRun(resolve(io.cwd, runA)), readRun(resolve(io.cwd, runB))]);
      const cmp = compareRuns(a, b);
      io.out(
        flags.json ? `${JSON.stringify(cmp, null, 2)}\n` : renderComparison(cmp, { color: io.color, limit }),
      );
    });
}
