/**
 * The prices a run used, per model, as every report shows them: input, cached input, cache write
 * and output per 1M tokens, context tiers, the source (the bundled table and its date, a dated
 * override and its page, the suite's `price:`, or a prices file) and the discount. Also the one-line
 * source the report headers show, and prices.csv. Summaries older than per-model origins (version
 * 3) show the run-wide table date, as they recorded it.
 */
import type { Summary } from '../log/summary-file.ts';
import type { ModelPrice, PriceOrigin } from '../pricing/model-price.ts';
import { type CsvCell, csvText } from './csv-cell.ts';

export interface PriceRow {
  model: string;
  price: ModelPrice | null;
  origin: PriceOrigin | null;
  /** e.g. `table (@pydantic/genai-prices 0.1.8, as of 2026-09-22)` */
  source: string;
  /** e.g. `batch ×0.5 (applied)`, `batch ×0.5 with --batch`, or `none` */
  discount: string;
  /** e.g. `over 200k prompt tokens: 2.5 / 0.25 / 2.5 / 15`, or `` */
  tiers: string;
}

/** One row per model the run priced, by model id. */
export function priceRows(summary: Summary): PriceRow[] {
  const { models, origins, batch } = summary.prices;
  return Object.keys(models)
    .sort()
    .map((model) => {
      const price = models[model] ?? null;
      const origin = origins?.[model] ?? null;
      return {
        model,
        price,
        origin,
        source: sourceText(summary, origin),
        discount: discountText(price, batch),
        tiers: (price?.tiers ?? [])
          .map(
            (t) =>
              `over ${t.above / 1000}k prompt tokens: ${t.input} / ${t.cacheRead} / ${t.cacheWrite} / ${t.output}`,
          )
          .join('; '),
      };
    });
}

function sourceText(summary: Summary, o: PriceOrigin | null): string {
  if (o === null)
    return summary.prices.origins ? 'unpriced' : `${summary.prices.source}, as of ${summary.prices.asOf}`;
  switch (o.source) {
    case 'table':
      return `table (${o.ref}, as of ${o.asOf})`;
    case 'override':
      return `override checked ${o.asOf} (${o.ref})`;
    case 'suite':
      return 'suite `price:`';
    case 'prices-file':
      return `prices file ${o.ref}${o.asOf ? ` (as of ${o.asOf})` : ''}`;
  }
}

function discountText(price: ModelPrice | null, batch: boolean | undefined): string {
  if (price === null || price.batchDiscount >= 1) return 'none';
  return batch ? `batch ×${price.batchDiscount} (applied)` : `batch ×${price.batchDiscount} with --batch`;
}

/**
 * Where the run's prices came from, in a few words, for the report headers: only the sources that
 * were used, e.g. "suite `price:` (3 models)" or "table as of 2026-09-22 (2 models); override
 * checked 2026-12-03 (1 model)".
 */
export function pricesSourceLine(summary: Summary): string {
  const origins = summary.prices.origins;
  if (!origins) return `as of ${summary.prices.asOf} (${summary.prices.source})`;
  const counts = new Map<string, number>();
  for (const o of Object.values(origins)) {
    const key =
      o.source === 'suite'
        ? 'suite `price:`'
        : o.source === 'table'
          ? `table as of ${o.asOf}`
          : o.source === 'override'
            ? `override checked ${o.asOf}`
            : `prices file ${o.ref}${o.asOf ? ` as of ${o.asOf}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unpriced = Object.values(summary.prices.models).filter((p) => p === null).length;
  if (unpriced > 0) counts.set('unpriced', unpriced);
  if (counts.size === 0) return 'no model priced';
  return [...counts].map(([k, n]) => `${k} (${n} ${n === 1 ? 'model' : 'models'})`).join('; ');
}

/** USD per 1M, unrounded but without float noise. */
export function perMillion(v: number | undefined): string {
  return v === undefined ? '—' : String(Number(v.toPrecision(12)));
}

/** prices.csv: one row per model; USD per 1M tokens; empty cells for an unpriced model. */
export function renderPricesCsv(summary: Summary): string {
  const header = [
    'model',
    'input',
    'cacheRead',
    'cacheWrite',
    'output',
    'tiers',
    'source',
    'asOf',
    'ref',
    'batchDiscount',
    'batchApplied',
  ];
  const rows: CsvCell[][] = priceRows(summary).map((r) => [
    r.model,
    r.price?.input ?? null,
    r.price?.cacheRead ?? null,
    r.price?.cacheWrite ?? null,
    r.price?.output ?? null,
    r.tiers,
    r.origin?.source ?? (summary.prices.origins ? null : 'table'),
    r.origin ? r.origin.asOf : summary.prices.origins ? null : summary.prices.asOf,
    r.origin?.ref ?? null,
    r.price?.batchDiscount ?? null,
    summary.prices.batch ?? null,
  ]);
  return csvText([header, ...rows]);
}

/** The html report's prices table: each column and cell says whether it is a number. */
export interface PricesTable {
  note: string;
  columns: Array<{ label: string; num: boolean }>;
  rows: Array<{ model: string; cells: Array<{ text: string; num: boolean }> }>;
}

export function buildPricesTable(summary: Summary): PricesTable {
  const labels = ['Input', 'Cached input', 'Cache write', 'Output', 'Tiers', 'Source', 'Discount'];
  return {
    note: `USD per 1M tokens. ${pricesSourceLine(summary)}. A prompt over a tier's size bills every token at the tier's prices; no time-of-day discount applies.`,
    columns: labels.map((label, i) => ({ label, num: i < 4 })),
    rows: priceRows(summary).map((r) => ({
      model: r.model,
      cells: [
        perMillion(r.price?.input),
        perMillion(r.price?.cacheRead),
        perMillion(r.price?.cacheWrite),
        perMillion(r.price?.output),
        r.tiers || '—',
        r.source,
        r.discount,
      ].map((text, i) => ({ text, num: i < 4 })),
    })),
  };
}
