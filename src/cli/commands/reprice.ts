import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { pickNews } from '../../analysis/pick-news.ts';
import { formatUsd } from '../../format/money.ts';
import { textTable } from '../../format/text-table.ts';
import { repriceRun } from '../../workflow/reprice-run.ts';
import type { CliContext } from '../io.ts';

export interface RepriceFlags {
  prices: string;
  out?: string;
  json?: boolean;
}

export function registerReprice(program: Command, ctx: CliContext): void {
  program
    .command('reprice')
    .description('recompute every cost of a run from its recorded tokens under other prices (no requests)')
    .argument('<RUN_DIR>', 'a run folder, e.g. results/demo/2026-11-29T10-00-00-000-ab12')
    .requiredOption(
      '--prices <FILE>',
      'YAML or JSON prices keyed by model id: { "sim-mid": { "input": 0.4, "output": 2 } }',
    )
    .option('--out <DIR>', 'write the repriced run here (must be new or empty; default RUN_DIR-repriced-N)')
    .option('--json', 'print the repriced summary on stdout')
    .action(async (runDir: string, flags: RepriceFlags) => {
      const { io } = ctx;
      const r = await repriceRun({
        runDir: resolve(io.cwd, runDir),
        pricesFile: resolve(io.cwd, flags.prices),
        out: flags.out ? resolve(io.cwd, flags.out) : undefined,
        now: new Date(),
      });
      for (const w of r.warnings) io.err(`Warning: ${w}\n`);
      if (flags.json) {
        io.out(`${JSON.stringify(r.summary, null, 2)}\n`);
        return;
      }
      const old = new Map(r.before.candidates.map((c) => [c.id, c]));
      const rows = r.summary.candidates.map((c) => [
        c.id,
        formatUsd(old.get(c.id)?.costPerSuccessUsd),
        formatUsd(c.costPerSuccessUsd),
        formatUsd(old.get(c.id)?.costUsd),
        formatUsd(c.costUsd),
      ]);
      const pickBefore = r.before.recommendation.candidate ?? 'none';
      const pickAfter = r.summary.recommendation.candidate ?? 'none';
      io.out(
        `Repriced ${r.records} record(s) of ${relative(io.cwd, resolve(io.cwd, runDir)) || runDir} → ${relative(io.cwd, r.dir) || r.dir}\n` +
          `Prices changed for ${r.repriced.join(', ')}; spend is kept as recorded.\n` +
          (r.ignored.length ? `Not in this run (ignored): ${r.ignored.join(', ')}\n` : '') +
          `\n${textTable(['candidate', '$/success before', '$/success after', 'cost before', 'cost after'], rows, [false, true, true, true, true])}\n\n` +
          `Pick: ${pickAfter}${pickAfter === pickBefore ? ' (unchanged)' : ` (was ${pickBefore})`}. ${r.summary.recommendation.reason}\n` +
          (pickNews(r.summary) ? `${pickNews(r.summary)}\n` : '') +
          `Reports: ${relative(io.cwd, join(r.dir, 'report.html'))} (also summary.csv, cases.csv, summary.md, prices.csv)\n`,
      );
    });
}
