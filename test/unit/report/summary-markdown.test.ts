import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/report/markdown-escape.ts';
import { renderSummaryMarkdown } from '../../../src/report/summary-markdown.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

const fixed = makeSummary(
  [
    makeCandidate({
      id: 'gpt-4o/terse',
      accuracy: 0.97,
      accuracyLow: 0.93,
      accuracyHigh: 0.988,
      costPerSuccessUsd: 0.0123,
      costPerSampleUsd: 0.0119,
      meetsBar: true,
      onFrontier: true,
      projectedMonthlyUsd: 1785,
    }),
    makeCandidate({
      id: 'gpt-4o-mini/terse',
      accuracy: 0.95,
      accuracyLow: 0.912,
      accuracyHigh: 0.973,
      costPerSuccessUsd: 0.00012,
      costPerSampleUsd: 0.000114,
      meetsBar: true,
      onFrontier: true,
      projectedMonthlyUsd: 17.1,
    }),
    makeCandidate({
      id: 'tiny|model/cot_v2',
      accuracy: 0.6,
      accuracyLow: 0.45,
      accuracyHigh: 0.73,
      costPerSuccessUsd: 0.000045,
      costPerSampleUsd: 0.000027,
      samples: 40,
      notRun: 60,
      earlyStopped: true,
      earlyStopReason: 'the 95% upper bound (73.0%) cannot reach the 90% bar',
      savedUsd: 0.0016,
      onFrontier: true,
      projectedMonthlyUsd: 4.05,
    }),
    makeCandidate({
      id: 'claude-3-5-haiku/terse',
      samples: 0,
      passed: 0,
      failed: 0,
      errored: 0,
      notRun: 100,
      accuracy: null,
      accuracyLow: null,
      accuracyHigh: null,
      costUsd: null,
      costPerSuccessUsd: null,
      costPerSampleUsd: null,
      meetsBar: null,
      stopError: { kind: 'auth', message: 'Set ANTHROPIC_API_KEY to a valid key.', status: 401 },
    }),
  ],
  {
    budgetUsd: 0.5,
    spentUsd: { candidates: 0.47, judge: 0.02, total: 0.49 },
    savedByCacheUsd: 0.1,
    stoppedReason: 'budget',
    samplesNotRun: 160,
    projection: { tasksPerDay: 5000 },
    recommendation: {
      candidate: 'gpt-4o-mini/terse',
      reason:
        'gpt-4o-mini/terse is the cheapest candidate whose 95% lower bound (91.2%) clears the 90% bar, at $0.00012 per success.',
      pointEstimateCandidate: null,
      closest: null,
    },
  },
);

describe('renderSummaryMarkdown', () => {
  it('renders the fixed run as expected', async () => {
    await expect(renderSummaryMarkdown(fixed)).toMatchFileSnapshot(
      '../../fixtures/report-markdown/summary.md',
    );
  });

  it('says when there is no bar, no budget and no pick', () => {
    const text = renderSummaryMarkdown(
      makeSummary([makeCandidate({ id: 'a/x' })], {
        qualityBar: null,
        budgetUsd: null,
        recommendation: {
          candidate: null,
          reason: 'No candidate ran any samples.',
          pointEstimateCandidate: null,
          closest: null,
        },
      }),
    );
    expect(text).toContain('- Quality bar: none set');
    expect(text).toContain('no budget set');
    expect(text).toContain('**No pick.** No candidate ran any samples.');
    expect(text).toContain('- Stopped: no, the run finished');
    expect(text).not.toContain('[!WARNING]');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('keeps every table row to the header’s column count', () => {
    const table = renderSummaryMarkdown(fixed)
      .split('\n')
      .filter((l) => l.startsWith('| '));
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    for (const row of table) expect(cells(row)).toBe(cells(table[0]!));
  });
});

describe('escapeMarkdown', () => {
  it('escapes table pipes, emphasis, html and math, and flattens newlines', () => {
    expect(escapeMarkdown('a|b_c*d<e>$1\nf')).toBe('a\\|b\\_c\\*d\\<e\\>\\$1 f');
  });
});

describe('summary.md and hostile ids', () => {
  it('shows control characters and bidi overrides as text, as the gate section does', () => {
    const id = 'evil\u001b[31m\u202eid\u2028x/p';
    const text = renderSummaryMarkdown(makeSummary([makeCandidate({ id })]));
    expect(text).not.toMatch(
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
    );
    expect(escapeMarkdown(id)).toBe('evil\\\\x1b\\[31m\\\\u202eid\\\\u2028x/p');
  });
});
