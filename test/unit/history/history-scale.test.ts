import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistory } from '../../../src/history/history.ts';
import { writeHistoryRuns } from '../../helpers/history-runs.ts';

describe('tollgate history over 500 runs', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-history-500-'));
    // every records.jsonl is a folder: any attempt to read one fails (EISDIR)
    await writeHistoryRuns(dir, { runs: 500, priceCutAt: 250, unreadableRecords: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads only the summaries: every run is in the trend, no records.jsonl is opened', async () => {
    const r = await runHistory({ dir, suite: 'demo', last: 10 });
    expect(r.history.runs).toHaveLength(500);
    expect(r.history.skipped).toEqual([]);
    expect(r.trends.map((t) => [t.candidate, t.rows.length, t.priceChanges])).toEqual([
      ['big/p', 500, 1],
      ['mid/p', 500, 1],
      ['small/p', 500, 1],
    ]);
    // tokens grew 1% a run: 100 -> 599 per sample for big/p
    expect(r.trends[0]!.tokensPerSample).toMatchObject({ first: 100, last: 599 });
    expect(r.text).toContain('History of demo: 500 runs');
    expect(r.text).toContain('(the last 10 of 500 runs; --last N for more)');
    const html = await readFile(r.htmlPath!, 'utf8');
    expect(html.match(/<a href="run-\d+\/report\.html">/g)).toHaveLength(500);
    // beyond 150 runs the lines carry no dot per run, so the page stays small
    expect(html.length).toBeLessThan(400_000);
  });
});
