import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeReports } from '../../report/write-reports.ts';
import { readSummary } from '../../results/run-folder.ts';
import type { CliContext } from '../io.ts';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('re-render report.html, summary.csv, cases.csv and summary.md from a run folder')
    .argument('<RUN_DIR>', 'a run folder, e.g. results/demo/2026-11-29T10-00-00-000-ab12')
    .action(async (runDir: string) => {
      const dir = resolve(ctx.io.cwd, runDir);
      await readSummary(dir);
      await writeReports(dir);
      ctx.io.out(`Wrote the reports in ${dir}: report.html, summary.csv, cases.csv, summary.md\n`);
    });
}
