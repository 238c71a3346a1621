import { describe, expect, it } from 'vitest';
import { NO_CASES } from '../../../src/report/explorer-data.ts';
import { buildReportView } from '../../../src/report/report-view.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

const sub = (label: string, summary: Parameters<typeof buildReportView>[0]) =>
  buildReportView(summary, NO_CASES).stats.find((s) => s.label === label)?.sub;

describe('the report’s figure cards', () => {
  it('count one candidate in the singular', () => {
    const one = makeSummary([makeCandidate({ id: 'a/p', meetsBar: true })], { qualityBar: 0.85 });
    expect(sub('Quality bar', one)).toBe('the one candidate meets it');
    expect(sub('Samples', one)).toBe('1 candidate');
    const missed = makeSummary([makeCandidate({ id: 'a/p', meetsBar: false })], { qualityBar: 0.85 });
    expect(sub('Quality bar', missed)).toBe('the one candidate does not meet it');
  });

  it('count several in the plural', () => {
    const two = makeSummary(
      [makeCandidate({ id: 'a/p', meetsBar: true }), makeCandidate({ id: 'b/p', meetsBar: false })],
      { qualityBar: 0.85 },
    );
    expect(sub('Quality bar', two)).toBe('1 of 2 candidates meet it');
    expect(sub('Samples', two)).toBe('2 candidates');
  });
});
