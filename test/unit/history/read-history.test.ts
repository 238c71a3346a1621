import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBaseline } from '../../../src/gate/build-baseline.ts';
import { readHistory } from '../../../src/history/read-history.ts';
import { buildTrends } from '../../../src/history/trend.ts';
import { writeBaseline } from '../../../src/log/baseline-file.ts';
import { historySummary, writeHistoryRuns } from '../../helpers/history-runs.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readHistory', () => {
  it('orders runs by date, marks the baseline run, and leaves out folders that are not complete runs', async () => {
    await writeHistoryRuns(dir, { runs: 3 });
    await writeBaseline(join(dir, 'baseline.json'), await buildBaseline(historySummary(1, { runs: 3 }), []));
    await mkdir(join(dir, 'unfinished'));
    await mkdir(join(dir, 'partial'));
    await writeFile(
      join(dir, 'partial', 'summary.json'),
      JSON.stringify({ ...historySummary(5, { runs: 6 }), stoppedReason: 'budget' }),
    );
    const h = await readHistory(dir, 'demo');
    expect(h.runs.map((r) => [r.runId, r.baseline])).toEqual([
      ['run-00', false],
      ['run-01', true],
      ['run-02', false],
    ]);
    expect(h.skipped).toEqual([
      { folder: 'partial', why: 'partial (stopped: budget)' },
      { folder: 'unfinished', why: 'no summary.json (not finished)' },
    ]);
  });

  it('adds a baseline whose run folder is gone as a run of its own, without a link', async () => {
    await writeHistoryRuns(dir, { runs: 2 });
    const old = { ...historySummary(0, { runs: 1 }), runId: 'gone', finishedAt: '2025-12-01T00:00:00.000Z' };
    await writeBaseline(join(dir, 'baseline.json'), await buildBaseline(old, []));
    const h = await readHistory(dir, 'demo');
    expect(h.runs[0]).toMatchObject({ runId: 'gone', folder: null, baseline: true });
    const trends = buildTrends(h);
    expect(trends[0]!.rows).toHaveLength(3);
    // the baseline records the price per model: no change flagged against it
    expect(trends[0]!.priceChanges).toBe(0);
  });
});
