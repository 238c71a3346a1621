import { describe, expect, it } from 'vitest';
import { renderSummaryTable } from '../../../src/report/console-summary.ts';
import { renderErrorList } from '../../../src/report/error-digest.ts';
import { NO_CASES } from '../../../src/report/explorer-data.ts';
import { buildReportView } from '../../../src/report/report-view.ts';
import { renderSummaryCsv } from '../../../src/report/summary-csv.ts';
import { renderSummaryMarkdown } from '../../../src/report/summary-markdown.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

const explorer = NO_CASES;

const down = makeCandidate({
  id: 'm/p',
  samples: 4,
  passed: 0,
  failed: 0,
  errored: 4,
  accuracy: null,
  accuracyLow: null,
  accuracyHigh: null,
  scored: 0,
  notScored: 4,
  coverage: 0,
  errorsByKind: { connection: 3, timeout: 1 },
  errorExamples: {
    connection: 'connection error: ECONNREFUSED 127.0.0.1:9',
    timeout: 'the request timed out',
  },
  incomplete: true,
});
const nothing = makeSummary([down], {
  minCoverage: 0.98,
  recommendation: { candidate: null, reason: 'x', pointEstimateCandidate: null, closest: null },
});

describe('the errors of a run', () => {
  it('are listed per candidate and kind with a count and an example', () => {
    expect(renderErrorList(nothing)).toBe(
      'Errors (not scored unless the candidate caused them):\n' +
        '  m/p: connection ×3, e.g. "connection error: ECONNREFUSED 127.0.0.1:9"\n' +
        '  m/p: timeout ×1, e.g. "the request timed out"\n' +
        '  m/p is incomplete: coverage 0.0% (below 98%)\n',
    );
    expect(renderErrorList(makeSummary([makeCandidate({ id: 'a/p', errorsByKind: {} })]))).toBe('');
  });

  it('are a banner in report.html, and a run that scored nothing is never "finished"', () => {
    const view = buildReportView(nothing, explorer);
    expect(view.errors?.title).toBe('Nothing was scored.');
    expect(view.errors?.lines).toHaveLength(2);
    expect(view.stats.find((s) => s.label === 'Stopped')?.value).toBe('nothing scored');
  });

  it('are a banner at the top of summary.md, with coverage in the table', () => {
    const md = renderSummaryMarkdown(nothing);
    expect(md).toContain('> [!CAUTION]\n> **Nothing was scored.** 4 samples errored');
    expect(md.indexOf('[!CAUTION]')).toBeLessThan(md.indexOf('## Candidates'));
    expect(md).toContain('> - m/p: connection ×3');
    expect(md).toContain('m/p (incomplete)');
    expect(md).toContain('- Stopped: no, but no sample was scored');
    expect(md).not.toContain('the run finished');
  });

  it('show coverage in the console table and summary.csv', () => {
    const table = renderSummaryTable(nothing, false);
    expect(table).toMatch(/coverage/);
    expect(table).toMatch(/m\/p .* 0% .* incomplete/);
    const [header, row] = renderSummaryCsv(nothing).trim().split('\n');
    const cols = header!.split(',');
    const cells = row!.split(',');
    expect(cells[cols.indexOf('coverage')]).toBe('0');
    expect(cells[cols.indexOf('incomplete')]).toBe('true');
    expect(cells[cols.indexOf('errorsByKind')]).toBe('connection=3;timeout=1');
  });

  it('label a partial run’s pick provisional', () => {
    const s = makeSummary([makeCandidate({ id: 'a/p' })], {
      stoppedReason: 'interrupted',
      recommendation: {
        candidate: 'a/p',
        reason: 'a/p is the cheapest.',
        pointEstimateCandidate: null,
        closest: null,
        provisional: 'provisional: 100 of 210 samples',
      },
    });
    expect(renderSummaryTable(s, false)).toContain(
      'Pick (provisional: 100 of 210 samples): a/p is the cheapest.',
    );
    expect(renderSummaryMarkdown(s)).toContain('**Pick (provisional: 100 of 210 samples): a/p.**');
    expect(buildReportView(s, explorer).pick.provisional).toBe('provisional: 100 of 210 samples');
  });
});
