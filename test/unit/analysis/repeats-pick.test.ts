import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../src/analysis/aggregate.ts';
import { factsOf, summarizeRecords } from '../../../src/analysis/summarize.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import { caseId, makeRecord, makeRun } from '../../helpers/gate-runs.ts';

const ID = 'sim/p';
const CASES = 200;
const REPEATS = 5;

/** Prebuilt records, one passed and one failed per case and repeat, so a run allocates nothing. */
function recordsOf(): Array<Array<{ pass: SampleRecord; fail: SampleRecord }>> {
  return Array.from({ length: CASES }, (_, i) =>
    Array.from({ length: REPEATS }, (_, r) => ({
      pass: makeRecord(ID, caseId(i), r, 'passed', 0.001),
      fail: makeRecord(ID, caseId(i), r, 'failed', 0.001),
    })),
  );
}

describe('the pick with repeats treats the case as the unit', () => {
  // the seeded simulation of a candidate 1 point below the bar is in test/unit/gate/monte-carlo.test.ts
  it('keeps the interval over cases: 5 identical repeats of 200 cases are 200 trials', () => {
    const records = recordsOf();
    const agg = createAggregator([
      { id: ID, model: 'sim', prompt: 'p', provider: 'sim', planned: CASES * REPEATS, repeats: REPEATS },
    ]);
    const flat = createAggregator([{ id: ID, model: 'sim', prompt: 'p', provider: 'sim', planned: CASES }]);
    records.forEach((repeats, i) => {
      for (const s of repeats) agg.add(i < 170 ? s.pass : s.fail);
      flat.add(i < 170 ? repeats[0]!.pass : repeats[0]!.fail);
    });
    const [c] = agg.finish({ qualityBar: 0.8, tasksPerDay: null });
    const [f] = flat.finish({ qualityBar: 0.8, tasksPerDay: null });
    expect(c!.accuracy).toBe(0.85);
    expect(c!.accuracyLow).toBeCloseTo(f!.accuracyLow!, 12);
    expect(c!.accuracyHigh).toBeCloseTo(f!.accuracyHigh!, 12);
  });

  it('leaves not-scored samples out of the per-case counts', () => {
    const agg = createAggregator([
      { id: ID, model: 'sim', prompt: 'p', provider: 'sim', planned: 4, repeats: 2 },
    ]);
    agg.add(makeRecord(ID, caseId(0), 0, 'passed', 0.001));
    agg.add(makeRecord(ID, caseId(0), 1, 'error', 0.001));
    agg.add(makeRecord(ID, caseId(1), 0, 'passed', 0.001));
    agg.add(makeRecord(ID, caseId(1), 1, 'passed', 0.001));
    const [c] = agg.finish({ qualityBar: null, tasksPerDay: null, minCoverage: 0 });
    expect(c!.scored).toBe(3);
    expect(c!.accuracyHigh).toBe(1);
  });

  it('a summary rebuilt from its records (report, merge, reprice) keeps the interval over cases', async () => {
    const { summary, records } = makeRun({
      runId: 'r1',
      cases: 40,
      repeats: 3,
      qualityBar: 0.5,
      candidates: [{ id: 'm/p', outcome: (i) => i % 4 !== 0 }],
    });
    const flat = await summarizeRecords(records, factsOf(summary));
    const rebuilt = await summarizeRecords(records, factsOf(summary, 3));
    expect(rebuilt.candidates[0]!.accuracyLow).toBe(summary.candidates[0]!.accuracyLow);
    // counting the 120 samples as trials would narrow it
    expect(flat.candidates[0]!.accuracyLow!).toBeGreaterThan(rebuilt.candidates[0]!.accuracyLow!);
  });
});
