import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { factsOf, summarizeRecords } from '../../analysis/summarize.ts';
import { isFile } from '../../log/is-file.ts';
import { readRecords } from '../../log/read-records.ts';
import { readSummary } from '../../log/read-summary.ts';
import { FILES, readRunMeta, writeSummary } from '../../log/run-folder.ts';
import { readCaseGroups } from '../../report/read-cases.ts';
import { writeReports } from '../../report/write-reports.ts';
import type { CliContext } from '../io.ts';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('re-render report.html, summary.csv, cases.csv and summary.md from a run folder')
    .argument('<RUN_DIR>', 'a run folder, e.g. results/demo/2026-11-29T10-00-00-000-ab12')
    .action(async (runDir: string) => {
      const dir = resolve(ctx.io.cwd, runDir);
      let summary = await readSummary(dir);
      // every figure is derived from the records: bring them up to date
      if (await isFile(join(dir, FILES.records))) {
        const repeats = (await readRunMeta(dir).catch(() => null))?.options.repeats;
        const caseGroups = await readCaseGroups(join(dir, FILES.cases), summary.groupBy);
        const derived = await summarizeRecords(readRecords(join(dir, FILES.records)), {
          ...factsOf(summary, repeats),
          caseGroups,
        });
        if (JSON.stringify(derived) !== JSON.stringify(summary)) await writeSummary(dir, derived);
        summary = derived;
      }
      await writeReports(dir, { summary });
      ctx.io.out(`Wrote the reports in ${dir}: report.html, summary.csv, cases.csv, summary.md\n`);
    });
}
