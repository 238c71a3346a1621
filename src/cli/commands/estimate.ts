import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createFileCache } from '../../cache/response-cache.ts';
import { loadSuite } from '../../config/load-suite.ts';
import { UserError } from '../../errors.ts';
import { estimateSuite } from '../../estimate/estimate-suite.ts';
import { renderEstimate } from '../../estimate/render-estimate.ts';
import { parseBudget, parseList, parsePositiveInt, parseShard } from '../flags.ts';
import type { CliContext } from '../io.ts';

export interface EstimateFlags {
  models?: string;
  prompts?: string;
  repeats?: string;
  sample?: string;
  shard?: string;
  budget?: string;
  concurrency?: string;
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
    .option('--models <ids>', 'only these model ids, comma-separated')
    .option('--prompts <ids>', 'only these prompt ids, comma-separated')
    .option('--repeats <n>', 'samples per case and candidate')
    .option('--sample <n>', 'a seeded subset of n cases, the same for every candidate')
    .option('--shard <i/n>', 'estimate shard i of n')
    .option('--budget <usd>', 'compare with this budget (overrides budgetUsd)')
    .option('--concurrency <n>', 'requests in flight per provider endpoint, for the time estimate')
    .option('--no-cache', 'estimate a run with --no-cache: cached responses are paid for again')
    .option('--cache-dir <dir>', 'response cache folder (default .tollgate/cache, or $TOLLGATE_CACHE_DIR)')
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
  const budgetUsd = flags.budget !== undefined ? parseBudget(flags.budget) : undefined;
  const concurrency =
    flags.concurrency !== undefined ? parsePositiveInt('--concurrency', flags.concurrency) : undefined;
  const repeats = flags.repeats !== undefined ? parsePositiveInt('--repeats', flags.repeats) : undefined;
  const sample = flags.sample !== undefined ? parsePositiveInt('--sample', flags.sample) : undefined;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const models = flags.models ? parseList(flags.models) : undefined;
  const prompts = flags.prompts ? parseList(flags.prompts) : undefined;
  const suite = await loadSuite(suiteArg, io.cwd, { allowUnpriced: Boolean(flags.allowUnpriced) });
  for (const [flag, given, known] of [
    ['--models', models, suite.models.map((m) => m.id)],
    ['--prompts', prompts, suite.prompts.map((p) => p.id)],
  ] as const) {
    const unknown = (given ?? []).filter((x) => !known.includes(x));
    if (unknown.length)
      throw new UserError(
        `Expected ${flag} to name ids in the suite (${known.join(', ')}), got ${unknown.join(', ')}. Fix: use one of those ids.`,
      );
  }
  const cacheDir = resolve(io.cwd, flags.cacheDir ?? io.env.TOLLGATE_CACHE_DIR ?? join('.tollgate', 'cache'));
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
