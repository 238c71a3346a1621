/** The reports' new parts, checked against fixed data: cascade points, the cascade and calculator tables. */
import { describe, expect, it } from 'vitest';
import type { CascadeSummary, Summary } from '../../../src/log/summary-file.ts';
import { buildCalculatorTable } from '../../../src/report/calculator-table.ts';
import { buildCascadeTable } from '../../../src/report/cascade-table.ts';
import { renderCascadesCsv } from '../../../src/report/cascades-csv.ts';
import { buildParetoChart } from '../../../src/report/pareto-chart.ts';
import { renderSummaryMarkdown } from '../../../src/report/summary-markdown.ts';
import { enrichSummary } from '../../helpers/enrich-summary.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

const cascade = (over: Partial<CascadeSummary> & { id: string }): CascadeSummary => ({
  steps: ['small/p', 'big/p'],
  escalateWhen: { type: 'regex', pattern: '^\\d+$' },
  samples: 100,
  passed: 93,
  accuracy: 0.93,
  accuracyLow: 0.86,
  accuracyHigh: 0.97,
  costUsd: 0.05,
  costPerSuccessUsd: 0.05 / 93,
  costPerSampleUsd: 0.0005,
  escalationRate: 0.2,
  answeredBy: { 'small/p': 80, 'big/p': 20 },
  meetsBar: false,
  onFrontier: true,
  skipped: 0,
  ...over,
});

function summary(): Summary {
  return enrichSummary(
    makeSummary(
      [
        makeCandidate({
          id: 'small/p',
          accuracy: 0.7,
          costPerSuccessUsd: 0.0002,
          costPerSampleUsd: 0.00014,
          onFrontier: true,
        }),
        makeCandidate({
          id: 'big/p',
          accuracy: 0.98,
          costPerSuccessUsd: 0.003,
          costPerSampleUsd: 0.00294,
          onFrontier: true,
        }),
      ],
      {
        cascades: [
          cascade({ id: 'c1' }),
          cascade({
            id: 'never',
            samples: 0,
            passed: 0,
            accuracy: null,
            costPerSuccessUsd: null,
            skipped: 100,
          }),
        ],
        oracle: {
          candidates: ['small/p', 'big/p'],
          samples: 100,
          passed: 99,
          accuracy: 0.99,
          accuracyLow: 0.95,
          accuracyHigh: 1,
          costUsd: 0.04,
          costPerSuccessUsd: 0.04 / 99,
          costPerSampleUsd: 0.0004,
        },
        projection: {
          tasksPerDay: 1000,
          monitoringUsdPerMonth: 100,
          growth: 2,
          selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 500 },
        },
      },
    ),
  );
}

describe('the Pareto chart with cascades', () => {
  it('places cascades and the oracle inside the plot, apart from the candidates, and lists the rest', () => {
    const chart = buildParetoChart(summary());
    expect(chart.points.map((p) => p.id).sort()).toEqual(['big/p', 'small/p']);
    expect(chart.cascades.map((c) => c.id)).toEqual(['c1']);
    expect(chart.cascades[0]!.detail).toBe('cascade small/p → big/p; 20.0% escalated');
    expect(chart.oracle?.text).toBe('oracle router');
    expect(chart.unplottedCascades).toEqual([{ id: 'never', reason: 'no case where every step ran' }]);
    const small = chart.points.find((p) => p.id === 'small/p')!;
    const big = chart.points.find((p) => p.id === 'big/p')!;
    const c1 = chart.cascades[0]!;
    // x is cost per success on a log scale: the cascade sits between its two steps
    expect(c1.cx).toBeGreaterThan(small.cx);
    expect(c1.cx).toBeLessThan(big.cx);
    for (const p of [c1, chart.oracle!]) {
      expect(p.cx).toBeGreaterThanOrEqual(chart.plot.left);
      expect(p.cx).toBeLessThanOrEqual(chart.plot.right);
      expect(p.shape.split(' ').length).toBeGreaterThanOrEqual(4);
    }
  });

  it('has no cascade layer without cascades', () => {
    const chart = buildParetoChart(makeSummary([makeCandidate({ id: 'a/x' })]));
    expect(chart.cascades).toEqual([]);
    expect(chart.oracle).toBeNull();
  });
});

describe('the cascade and calculator tables', () => {
  it('formats each cascade and the oracle', () => {
    const t = buildCascadeTable(summary())!;
    expect(t.rows.map((r) => [r.id, r.check, r.accuracy, r.escalated, r.answeredBy])).toEqual([
      ['c1', 'output matches /^\\d+$/', '93.0%', '20.0%', 'small/p (80) → big/p (20)'],
      ['never', 'output matches /^\\d+$/', '—', '20.0%', 'small/p (80) → big/p (20)'],
      [
        'oracle router (bound)',
        'uses the reference: a bound, not a router',
        '99.0%',
        '—',
        'per case, the cheapest that passed, of 2 candidates',
      ],
    ]);
    expect(t.note).toContain('Cases left out because a step did not run them: never: 100.');
    expect(buildCascadeTable(makeSummary([]))).toBeNull();
  });

  it('writes cascades.csv with a kind column', () => {
    const lines = renderCascadesCsv(summary())!.trim().split('\n');
    expect(lines[0]).toBe(
      'kind,id,steps,check,samples,passed,accuracy,accuracyLow,accuracyHigh,costUsd,costPerSuccessUsd,costPerSampleUsd,escalationRate,answeredBy,meetsBar,onFrontier,skipped,checkCostUsd,optimistic',
    );
    expect(lines[1]).toMatch(/^cascade,c1,small\/p > big\/p,/);
    expect(lines[3]).toMatch(/^oracle,oracle,/);
    expect(renderCascadesCsv(makeSummary([]))).toBeNull();
  });

  it('shows the calculator with its inputs and formulas, and self-hosting only when configured', () => {
    const t = buildCalculatorTable(summary())!;
    expect(t.inputs).toBe(
      '1,000 tasks per day · monitoring $100.00 a month · human review $0 per task · growth ×2 in year one · self-hosting at $2.00 per GPU-hour',
    );
    // every assumption inherited from the eval is listed, not only the volume
    expect(t.honesty).not.toContain('Only the volume');
    expect(t.assumptions).toHaveLength(4);
    expect(t.assumptions[0]).toMatch(/^Tariff: list price/);
    expect(t.assumptions[1]).toMatch(/^Provider prompt cache: /);
    expect(t.assumptions[2]).toMatch(/^Judge costs: /);
    expect(t.assumptions[3]).toBe(
      'Self-hosting: each GPU busy 50% of the day (selfHost.utilisation, the default), at one figure, 500 tokens/s per GPU, for prompt and output alike (tokensPerSecond is deprecated: set promptTokensPerSecond and outputTokensPerSecond; decode is usually much slower than prefill); the GPU is paid around the clock either way.',
    );
    expect(t.columns).toContain('Self-host break-even (tasks / day)');
    expect(t.formulas).toHaveLength(4);
    // small/p: 0.00014 × 30,000 = $4.20 API, + $100 monitoring; year one × 12 × 2
    expect(t.rows[0]!.cells.slice(1, 6)).toEqual(['$4.20', '$100.00', '$0', '$104.20', '$2,500.80']);
    const plain = buildCalculatorTable(
      enrichSummary(makeSummary([makeCandidate({ id: 'a/x' })], { projection: { tasksPerDay: 10 } })),
    )!;
    expect(plain.columns).not.toContain('One GPU serves it');
    expect(plain.formulas).toHaveLength(3);
    expect(plain.assumptions).toHaveLength(3);
  });

  it('names the batch tariff, the cache hit rate, the judge cost and a split GPU throughput', () => {
    const base = makeSummary(
      [
        makeCandidate({
          id: 'a/x',
          judgeCostUsd: 0.5,
          samples: 100,
          tokens: { input: 300, cacheRead: 700, cacheWrite: 0, output: 100, reasoning: 0 },
        }),
      ],
      {
        projection: {
          tasksPerDay: 10,
          includeJudge: true,
          selfHost: {
            gpuUsdPerHour: 2,
            promptTokensPerSecond: 8000,
            outputTokensPerSecond: 400,
            utilisation: 0.3,
          },
        },
      },
    );
    const t = buildCalculatorTable(enrichSummary({ ...base, prices: { ...base.prices, batch: true } }))!;
    expect(t.assumptions).toEqual([
      'Tariff: the batch price this run paid (the batch discount off list price). Production traffic sent live pays list price, more per task (×2 at a 50% discount).',
      "Provider prompt cache: this eval's hit rate carries over (share of prompt tokens read from the provider's cache: a/x 70.0%). Production traffic may hit the cache more or less.",
      "Judge costs: included (projection.includeJudge): the eval's judge cost per sample is added to the API cost (a/x $0.005).",
      'Self-hosting: each GPU busy 30% of the day (selfHost.utilisation), at prompt 8,000 tokens/s and output 400 tokens/s per GPU; the GPU is paid around the clock either way.',
    ]);
    const md = renderSummaryMarkdown(enrichSummary(base));
    expect(md).toContain('- Judge costs: included');
    expect(md).toContain('- Tariff: list price');
  });

  it('adds both sections to summary.md', () => {
    const md = renderSummaryMarkdown(summary());
    expect(md).toContain('## Cascades');
    expect(md).toContain(
      '| c1 | small/p (80) → big/p (20) | output matches /^\\\\d+\\$/ | 93.0% (86.0–97.0%) |',
    );
    expect(md).toContain('| _oracle router (bound)_ |');
    expect(md).toContain('## Production calculator');
    expect(md).toContain('- `year one = monthly total × 12 × growth`');
  });
});
