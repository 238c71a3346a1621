import type { Command } from 'commander';
import { UserError } from '../../errors.ts';
import { textTable } from '../../format/text-table.ts';
import { nearestNames } from '../../issues/nearest.ts';
import { findModelPrice } from '../../pricing/find-model-price.ts';
import type { ModelPrice } from '../../pricing/model-price.ts';
import {
  knownModelNames,
  LISTED_MODELS,
  lookupPriceInfo,
  PRICE_TABLE_AS_OF,
  PRICE_TABLE_SOURCE,
  type PriceLookup,
} from '../../pricing/price-table.ts';
import type { CliContext } from '../io.ts';

const usd = (v: number | undefined) =>
  v === undefined ? '—' : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');

export function registerPrices(program: Command, ctx: CliContext): void {
  program
    .command('prices [MODEL]')
    .description(
      'list the built-in prices (USD per 1M tokens) with their sources; with MODEL, what that model costs and where its price comes from',
    )
    .addHelpText(
      'after',
      '\nMODEL is a model name (deepseek-chat, gpt-4o) or PROVIDER:MODEL (anthropic:claude-sonnet-4-5, google:gemini-2.5-pro).\n' +
        'An unknown MODEL exits 2 and names the nearest known names.',
    )
    .option('--json', 'print as JSON')
    .action((model: string | undefined, opts: { json?: boolean }) => {
      const at = new Date((ctx.io.now ?? Date.now)());
      if (model !== undefined) printModel(ctx, model, at, Boolean(opts.json));
      else printList(ctx, at, Boolean(opts.json));
    });
}

function printList(ctx: CliContext, at: Date, json: boolean): void {
  const rows = LISTED_MODELS.map(({ vendor, provider, model, baseURL }) => {
    const found = lookupPriceInfo(provider, model, baseURL, at);
    return { provider: vendor, model, price: found?.price ?? null, origin: found?.origin ?? null };
  });
  if (json) {
    ctx.io.out(
      `${JSON.stringify({ asOf: PRICE_TABLE_AS_OF, source: PRICE_TABLE_SOURCE, models: rows }, null, 2)}\n`,
    );
    return;
  }
  const table = textTable(
    ['provider', 'model', 'input', 'output', 'cacheRead', 'cacheWrite', 'batch', 'tiers', 'source'],
    rows.map((r) => [
      r.provider,
      r.model,
      usd(r.price?.input),
      usd(r.price?.output),
      usd(r.price?.cacheRead),
      usd(r.price?.cacheWrite),
      r.price ? `×${r.price.batchDiscount}` : '—',
      r.price?.tiers ? r.price.tiers.map((t) => `>${t.above / 1000}k`).join(' ') : '',
      r.origin?.source === 'override' ? `override* ${r.origin.asOf}` : 'table',
    ]),
    [false, false, true, true, true, true, true, false, false],
  );
  ctx.io.out(
    `${table}\n\nUSD per 1M tokens. table: ${PRICE_TABLE_SOURCE}, as of ${PRICE_TABLE_AS_OF}.\n` +
      '* override: a dated correction of a stale table entry, checked on the date shown (`tollgate prices MODEL` names its source).\n' +
      "tiers: a prompt longer than that bills every token at the tier's prices. No time-of-day discount applies.\n" +
      "A suite's `price:` overrides all of these; any other model the table knows is priced too.\n",
  );
}

function printModel(ctx: CliContext, name: string, at: Date, json: boolean): void {
  const found = findModelPrice(name, at);
  if (!found) {
    const near = nearestNames(name.slice(name.indexOf(':') + 1), knownModelNames(), 5);
    throw new UserError(
      `Expected a model the price table knows, got "${name}". Nearest names: ${near.join(', ')}. ` +
        'Fix: use one of those names (`tollgate prices` lists the common ones), or give the model a `price: { input, output }` in the suite.',
    );
  }
  if (json) {
    const { route, ...rest } = found;
    ctx.io.out(`${JSON.stringify({ model: route.model, ...rest }, null, 2)}\n`);
    return;
  }
  ctx.io.out(describeModel(found.route.model, found));
}

/** What a model costs and where the price comes from, as `tollgate prices MODEL` prints it. */
function describeModel(model: string, found: PriceLookup): string {
  const p = found.price;
  const lines = [
    `${model}${found.vendor ? ` (${found.vendor})` : ''}: USD per 1M tokens`,
    ...kindLines(p, '  '),
    ...(p.tiers ?? []).flatMap((t) => [
      `  prompts over ${t.above.toLocaleString('en-US')} tokens bill every token at:`,
      ...kindLines({ ...p, ...t }, '    '),
    ]),
    `  discounts: ${p.batchDiscount < 1 ? `batch ×${p.batchDiscount} (with --batch)` : 'none (no batch discount)'}; no time-of-day discount applies`,
    `Source: ${sourceLine(found)}`,
  ];
  if (found.note) lines.push(`  ${found.note}`);
  return `${lines.join('\n')}\n`;
}

function kindLines(
  p: Pick<ModelPrice, 'input' | 'cacheRead' | 'cacheWrite' | 'output'>,
  indent: string,
): string[] {
  return [
    `${indent}input         ${usd(p.input)}`,
    `${indent}cached input  ${usd(p.cacheRead)}`,
    `${indent}cache write   ${usd(p.cacheWrite)}`,
    `${indent}output        ${usd(p.output)}`,
  ];
}

function sourceLine(found: PriceLookup): string {
  const o = found.origin;
  if (o.source === 'override') {
    return `tollgate's dated override of the bundled table, checked ${o.asOf} against ${o.ref} (the table's ${PRICE_TABLE_AS_OF} does not apply to it).`;
  }
  if (found.vendor === 'sim') return "tollgate's simulator prices (built in; the simulator bills nothing).";
  return `the bundled table, ${o.ref}, as of ${o.asOf}.`;
}
