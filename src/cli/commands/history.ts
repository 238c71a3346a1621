/** `tollgate history SUITE`: argv -> runHistory. */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { runHistory } from '../../history/history.ts';
import { parsePositiveInt } from '../flags.ts';
import type { CliContext } from '../io.ts';

interface HistoryFlags {
  dir?: string;
  baseline?: string;
  last?: string;
  markdown?: boolean;
  json?: boolean;
  html: boolean;
}

/** Defines the `history` command: the trend of every candidate across the suite's runs. */
export function registerHistory(program: Command, ctx: CliContext): void {
  program
    .command('history')
    .description("the trend across a suite's runs per candidate; writes results/SUITE/history.html")
    .argument('<SUITE>', 'the suite name, as in results/SUITE')
    .option('--dir <DIR>', "the suite's results folder (default results/SUITE)")
    .option('--baseline <FILE>', 'the baseline to mark (default results/SUITE/baseline.json when it exists)')
    .option('--last <N>', 'runs shown per candidate in the console and Markdown (default 10)')
    .option('--markdown', 'print Markdown (for $GITHUB_STEP_SUMMARY) instead of the console view')
    .option('--json', 'print the runs and trends as JSON')
    .option('--no-html', 'do not write history.html')
    .action(async (suite: string, flags: HistoryFlags) => {
      const { io } = ctx;
      const dir = resolve(io.cwd, flags.dir ?? `results/${suite}`);
      const r = await runHistory({
        dir,
        suite,
        baselinePath: flags.baseline === undefined ? undefined : resolve(io.cwd, flags.baseline),
        last: flags.last === undefined ? 10 : parsePositiveInt('--last', flags.last),
        html: flags.html,
      });
      if (flags.json) {
        const runs = r.history.runs.map((run) => ({
          ...run,
          candidates: Object.fromEntries(run.candidates),
        }));
        const trends = r.trends.map(({ rows: _rows, ...t }) => t);
        io.out(`${JSON.stringify({ suite, runs, trends, skipped: r.history.skipped }, null, 2)}\n`);
        return;
      }
      io.out(flags.markdown ? r.markdown : r.text);
      if (r.htmlPath && !flags.markdown) io.out(`\nWrote ${relative(io.cwd, r.htmlPath) || r.htmlPath}\n`);
      if (r.history.runs.length === 0)
        io.out(
          `No complete run of ${suite} in ${relative(io.cwd, dir) || dir} yet: run \`tollgate run ${suite}\` first.\n`,
        );
    });
}
