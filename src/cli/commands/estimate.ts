import type { Command } from 'commander';
import { createFileCache } from '../../cache/response-cache.ts';
import { loadSuite } from '../../config/load-suite.ts';
import { estimateSuite } from '../../estimate/estimate-suite.ts';
import { renderEstimate } from '../../estimate/render-estimate.ts';
import { checkSelectedIds } from '../../runner/selection.ts';
import { cacheDirOf, parseSelectionFlags, type SelectionFlags, sampleLargerWarning } from '../flags.ts';
import type { CliContext } from '../io.ts';

export interface EstimateFlags extends SelectionFlags {
  cache: boolean;
  cacheDir?: string;
  allowUnpriced?: boolean;
  json?: boolean;
}

export function registerEstimate(program: Command, ctx: CliContext): void {
  program
    .command('estimate')
    .description('dry run with no requests: samples, tokens, expected and worst-case cost, budget and time')
    .argument('<SUITE>', 'a suite name in suites/ or a path')
    .option('--models <IDS>', 'only these model ids, comma-separated')
    .option('--prompts <IDS>', 'only these prompt ids, comma-separated')
    .option('--repeats <N>', 'samples per case and candidate')
    .option('--sample <N>', 'a seeded subset of N cases, the same for every candidate')
    .option('--shard <I/N>', 'estimate shard i of n')
    .option('--budget <USD>', 'compare with this budget (overrides budgetUsd)')
    .option('--concurrency <N>', 'requests in flight per provider endpoint, for the time estimate')
    .option('--no-cache', 'estimate a run with --no-cache: cached responses are paid for again')
    .option('--cache-dir <DIR>', 'response cache folder (default .tollgate/cache, or $TOLLGATE_CACHE_DIR)')
    .option('--allow-unpriced', 'include models with no known price; their cost is unknown')
    .option('--json', 'print the estimate as JSON')
    .action(async (suiteArg: string, flags: EstimateFlags) => {
      ctx.exitCode = await estimateCommand(suiteArg, flags, ctx);
    });
}

export async function estimateCommand(
  suiteArg: string,
  flags: EstimateFlags,
  ctx: CliContext,
): Promise<number> {
  const { io } = ctx;
  const { models, prompts, repeats, sample, shard, budgetUsd, concurrency } = parseSelectionFlags(flags);
  const suite = await loadSuite(suiteArg, io.cwd, { allowUnpriced: Boolean(flags.allowUnpriced) });
  checkSelectedIds({ models, prompts }, suite);
  for (const line of suite.warnings ?? []) io.err(`Warning: ${line}\n`);
  if (sample !== undefined && sample > suite.cases.length)
    io.err(sampleLargerWarning(sample, suite.cases.length));
  const cacheDir = cacheDirOf(flags.cacheDir, io);
  const estimate = await estimateSuite(suite, {
    models,
    prompts,
    repeats,
    sample,
    shard,
    budgetUsd,
    concurrency,
    cache: createFileCache(cacheDir),
    cacheUsed: flags.cache !== false,
    env: io.env,
    allowUnpriced: Boolean(flags.allowUnpriced),
  });
  io.out(flags.json ? `${JSON.stringify(estimate, null, 2)}\n` : renderEstimate(estimate));
  return 0;
}
