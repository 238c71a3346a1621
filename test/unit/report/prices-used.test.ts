import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/log/summary-file.ts';
import { NO_CASES } from '../../../src/report/explorer-data.ts';
import { renderHtmlReport } from '../../../src/report/html-report.ts';
import { pricesSourceLine, renderPricesCsv } from '../../../src/report/prices-used.ts';
import { renderSummaryMarkdown } from '../../../src/report/summary-markdown.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

const AT = '2026-12-03T10:00:00.000Z';
const price = (input: number, output: number) => ({
  input,
  output,
  cacheRead: input / 10,
  cacheWrite: input,
  batchDiscount: 0.5,
});

function withPrices(prices: Summary['prices']): Summary {
  return makeSummary([makeCandidate({ id: 'a/x' })], { prices });
}

const suiteOnly = withPrices({
  asOf: '2026-09-22',
  source: '@pydantic/genai-prices 0.1.8 (bundled, offline) + tollgate sim tiers',
  models: { a: price(1, 2), b: price(0.5, 1) },
  origins: {
    a: { source: 'suite', asOf: null, ref: null, pricedAt: AT },
    b: { source: 'suite', asOf: null, ref: null, pricedAt: AT },
  },
  batch: false,
});

const mixed = withPrices({
  asOf: '2026-09-22',
  source: '@pydantic/genai-prices 0.1.8 (bundled, offline) + tollgate sim tiers',
  models: {
    'deepseek-chat': { input: 0.28, output: 0.42, cacheRead: 0.028, cacheWrite: 0.28, batchDiscount: 1 },
    pro: {
      ...price(1.25, 10),
      batchDiscount: 1,
      tiers: [{ above: 200_000, input: 2.5, output: 15, cacheRead: 0.25, cacheWrite: 2.5 }],
    },
    mini: price(0.15, 0.6),
  },
  origins: {
    'deepseek-chat': {
      source: 'override',
      asOf: '2026-12-03',
      ref: 'https://api-docs.deepseek.com/quick_start/pricing',
      pricedAt: AT,
    },
    pro: { source: 'table', asOf: '2026-09-22', ref: '@pydantic/genai-prices 0.1.8', pricedAt: AT },
    mini: { source: 'table', asOf: '2026-09-22', ref: '@pydantic/genai-prices 0.1.8', pricedAt: AT },
  },
  batch: true,
});

describe('the prices used, in every report', () => {
  it('never claims the bundled table when every model used a suite `price:`', () => {
    expect(pricesSourceLine(suiteOnly)).toBe('suite `price:` (2 models)');
    const md = renderSummaryMarkdown(suiteOnly);
    const html = renderHtmlReport(suiteOnly, NO_CASES);
    for (const text of [md, html]) {
      expect(text).not.toContain('genai-prices');
      expect(text).not.toMatch(/prices as of/);
    }
    expect(md).toContain('prices used: suite \\`price:\\` (2 models)');
  });

  it('names each source with its date: the table, a dated override', () => {
    expect(pricesSourceLine(mixed)).toBe(
      'override checked 2026-12-03 (1 model); table as of 2026-09-22 (2 models)',
    );
  });

  it('summary.md has a per-model table: each token kind per 1M, tiers, source and discount', () => {
    const md = renderSummaryMarkdown(mixed);
    expect(md).toContain('## Prices used');
    expect(md).toContain(
      '| deepseek-chat | 0.28 | 0.028 | 0.28 | 0.42 | — | override checked 2026-12-03 (https://api-docs.deepseek.com/quick\\_start/pricing) | none |',
    );
    expect(md).toContain(
      '| pro | 1.25 | 0.125 | 1.25 | 10 | over 200k prompt tokens: 2.5 / 0.25 / 2.5 / 15 | table (@pydantic/genai-prices 0.1.8, as of 2026-09-22) | none |',
    );
    expect(md).toContain(
      '| mini | 0.15 | 0.015 | 0.15 | 0.6 | — | table (@pydantic/genai-prices 0.1.8, as of 2026-09-22) | batch ×0.5 (applied) |',
    );
  });

  it('report.html has the same table, one row per model', () => {
    const html = renderHtmlReport(mixed, NO_CASES);
    const table = html.slice(
      html.indexOf('<table id="prices-table">'),
      html.indexOf('</table>', html.indexOf('prices-table')),
    );
    expect(table.match(/<tr data-model=/g)).toHaveLength(3);
    expect(table).toContain('<tr data-model="deepseek-chat">');
    expect(table).toContain(
      'override checked 2026-12-03 (https://api-docs.deepseek.com/quick_start/pricing)',
    );
    expect(table).toContain('batch ×0.5 (applied)');
  });

  it('prices.csv: one row per model, unrounded USD per 1M', () => {
    const rows = parse(renderPricesCsv(mixed), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.model)).toEqual(['deepseek-chat', 'mini', 'pro']);
    expect(rows[0]).toEqual({
      model: 'deepseek-chat',
      input: '0.28',
      cacheRead: '0.028',
      cacheWrite: '0.28',
      output: '0.42',
      tiers: '',
      source: 'override',
      asOf: '2026-12-03',
      ref: 'https://api-docs.deepseek.com/quick_start/pricing',
      batchDiscount: '1',
      batchApplied: 'true',
    });
  });

  it('an older summary (no per-model origins) keeps its run-wide table date', () => {
    const old = withPrices({
      asOf: '2025-02-01',
      source: 'tollgate built-in table',
      models: { a: price(1, 2) },
    });
    expect(pricesSourceLine(old)).toBe('as of 2025-02-01 (tollgate built-in table)');
    expect(renderSummaryMarkdown(old)).toContain('prices as of 2025-02-01 (tollgate built-in table)');
  });
});
