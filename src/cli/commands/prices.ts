import type { Command } from 'commander';
import { textTable } from '../../format/text-table.ts';
import {
  LISTED_MODELS,
  lookupPrice,
  PRICE_TABLE_AS_OF,
  PRICE_TABLE_SOURCE,
} from '../../pricing/price-table.ts';
import type { CliContext } from '../io.ts';

export function registerPrices(program: Command, ctx: CliContext): void {
  program
    .command('prices')
    .description('list the built-in price table (USD per 1M tokens) with its asOf date')
    .option('--json', 'print the table as JSON')
    .action((opts: { json?: boolean }) => {
      const rows = LISTED_MODELS.map(({ provider, model }) => {
        const p = lookupPrice(
          provider === 'deepseek' ? 'openai' : provider,
          model,
          provider === 'deepseek' ? 'https://api.deepseek.com/v1' : undefined,
        );
        return { provider, model, price: p };
      });
      if (opts.json) {
        ctx.io.out(
          `${JSON.stringify({ asOf: PRICE_TABLE_AS_OF, source: PRICE_TABLE_SOURCE, models: rows }, null, 2)}\n`,
        );
        return;
      }
      const f = (v: number | undefined) =>
        v === undefined ? '—' : v.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
      ctx.io.out(
        `${textTable(
          ['provider', 'model', 'input', 'output', 'cacheRead', 'cacheWrite', 'batch'],
          rows.map((r) => [
            r.provider,
            r.model,
            f(r.price?.input),
            f(r.price?.output),
            f(r.price?.cacheRead),
            f(r.price?.cacheWrite),
            r.price ? `×${r.price.batchDiscount}` : '—',
          ]),
          [false, false, true, true, true, true, true],
        )}\n\nUSD per 1M tokens. As of ${PRICE_TABLE_AS_OF}; source: ${PRICE_TABLE_SOURCE}.\nA suite's \`price:\` overrides the table; any other model the table knows is priced too.\n`,
      );
    });
}
