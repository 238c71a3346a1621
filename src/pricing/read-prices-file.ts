/**
 * Reads a prices file for `tollgate reprice`: YAML or JSON, keyed by model id, each entry the shape
 * of a suite's `price:` (USD per 1M tokens). A cache price the file leaves out keeps the run's
 * price for that kind (or the input price for a model the run had no price for), and is listed in
 * `warnings`, never reused silently.
 * Two optional top-level strings say where the prices come from: `asOf` and `source`.
 *
 * @example
 * # prices-2027.yaml
 * asOf: 2027-01-15
 * source: vendor pages
 * sim-mid: { input: 0.4, output: 2 }
 * sim-frontier: { input: 1.25, output: 5, cacheRead: 0.625 }
 */

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, UserError } from '../errors.ts';
import { parseYamlMapping } from '../issues/yaml-mapping.ts';
import { zodToIssues } from '../issues/zod-issues.ts';
import type { ModelPrice } from './model-price.ts';
import { priceSchema } from './price-schema.ts';
import { priceFromInput } from './price-table.ts';

const pricesFileSchema = z
  .object({ asOf: z.string().optional(), source: z.string().optional() })
  .catchall(priceSchema);

export interface PricesFile {
  file: string;
  asOf: string | null;
  source: string | null;
  /** Every model the file prices, with the cache prices filled in. */
  models: Record<string, ModelPrice>;
  /** One line per cache price the file left out: the model, the field and the price used instead. */
  warnings: string[];
}

/**
 * Reads and validates a prices file. Every problem is reported at once (exit 2).
 * @param providers each model's provider, for the default batch discount of a model the file
 *   gives none (the old price's discount is kept when there is one)
 */
export async function readPricesFile(
  file: string,
  old: Record<string, ModelPrice | null>,
  providers: Record<string, string> = {},
): Promise<PricesFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `Expected a readable prices file, got ${code ?? 'an error'} at ${file}. Fix: pass --prices with the path of a YAML or JSON file such as { "sim-mid": { "input": 0.4, "output": 2 } }.`,
    );
  }
  const { input } = parseYamlMapping(text, file, {
    expected: 'a mapping of model id to price, e.g. { "sim-mid": { "input": 0.4, "output": 2 } }',
    fix: "key each price by the model id used in the run's summary.json (prices.models).",
  });

  const parsed = pricesFileSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(
      zodToIssues(
        parsed.error,
        file,
        () => null,
        input,
        (path) => (path.length === 1 ? Object.keys(priceSchema.shape) : []),
      ),
    );
  }
  const { asOf, source, ...entries } = parsed.data;
  const models: Record<string, ModelPrice> = {};
  const warnings: string[] = [];
  for (const [id, p] of Object.entries(entries)) {
    const price = p as z.output<typeof priceSchema>;
    const base = priceFromInput(price, providers[id] ?? '');
    const filled = fillCachePrices(file, id, price, base, old[id] ?? null);
    warnings.push(...filled.warnings);
    models[id] = {
      ...filled.price,
      batchDiscount: price.batchDiscount ?? old[id]?.batchDiscount ?? base.batchDiscount,
    };
  }
  return { file, asOf: asOf ?? null, source: source ?? null, models, warnings };
}

/** The cache prices a file entry left out: the run's own, else the input price; each one said. */
function fillCachePrices(
  file: string,
  id: string,
  given: z.output<typeof priceSchema>,
  base: ModelPrice,
  old: ModelPrice | null,
): { price: ModelPrice; warnings: string[] } {
  const price = { ...base };
  const warnings: string[] = [];
  for (const kind of ['cacheRead', 'cacheWrite'] as const) {
    if (given[kind] !== undefined) continue;
    price[kind] = old ? old[kind] : base.input;
    warnings.push(
      `${file}: ${id} sets no ${kind}; kept ${old ? "the run's" : 'the input price of'} $${price[kind]}/1M. Fix: add ${kind} to ${id} if it changed.`,
    );
  }
  return { price, warnings };
}
