import { describe, expect, it } from 'vitest';
import { buildCandidateTable, DEFAULT_COLUMNS } from '../../../src/report/candidate-table.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

describe('buildCandidateTable', () => {
  const summary = makeSummary(
    [
      makeCandidate({ id: 'a/x', accuracy: 0.9, accuracyLow: 0.85, accuracyHigh: 0.94, onFrontier: true }),
      makeCandidate({ id: 'b/x', earlyStopped: true, earlyStopReason: 'hopeless' }),
    ],
    { recommendation: { candidate: 'a/x', reason: '', pointEstimateCandidate: null, closest: null } },
  );
  const table = buildCandidateTable(summary);

  it('opens with at most ten columns, in the default order, the rest behind "more columns"', () => {
    const shown = table.columns.filter((c) => !c.extra).map((c) => c.label);
    expect(shown).toEqual(['Candidate', ...DEFAULT_COLUMNS]);
    expect(shown.length).toBeLessThanOrEqual(10);
    expect(table.extraCount).toBe(table.columns.length - shown.length);
    expect(table.columns.slice(shown.length).every((c) => c.extra)).toBe(true);
    for (const row of table.rows) {
      expect(row.cells).toHaveLength(table.columns.length - 1);
      row.cells.forEach((cell, i) => {
        expect(cell.cls.split(' ').includes('x')).toBe(table.columns[i + 1]!.extra);
      });
    }
  });

  it('shows the accuracy with its interval, and the notes as badges', () => {
    const [a, b] = table.rows;
    const col = (label: string) => table.columns.findIndex((c) => c.label === label) - 1;
    expect(a!.cells[col('Accuracy')]!.text).toBe('90.0% (85.0–94.0%)');
    expect(a!.cells[col('Notes')]!.badges.map((x) => x.text)).toEqual(['frontier']);
    expect(b!.cells[col('Notes')]!.badges.map((x) => x.text)).toEqual(['stopped early']);
    expect(a!.badges.map((x) => x.text)).toEqual(['pick']);
    expect(b!.badges).toEqual([]);
  });
});
