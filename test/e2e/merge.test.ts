import { access, cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRow } from '../../src/dataset/case-row.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import {
  cli,
  figures,
  fixture,
  type LoggedSim,
  readJsonl,
  readSummaryJson,
  sampleId,
  startLoggedSim,
  tempDir,
} from '../helpers/scale.ts';

const SUITE = fixture('scale-shards');
const PLANNED = 45 * 2 * 2;

describe('merge', () => {
  let s: LoggedSim;
  let root: string;
  let whole: Summary;
  const shard = (i: number) => join(root, `shard-${i}`);

  beforeAll(async () => {
    s = await startLoggedSim();
    root = await tempDir();
    const r = await cli(['run', SUITE, '--out', join(root, 'whole'), '--no-cache', '--quiet'], s.env);
    expect(r.code, r.err).toBe(0);
    whole = await readSummaryJson(join(root, 'whole'));
    for (const i of [1, 2, 3]) {
      const x = await cli(
        ['run', SUITE, '--shard', `${i}/3`, '--out', shard(i), '--no-cache', '--quiet'],
        s.env,
      );
      expect(x.code, x.err).toBe(0);
    }
  });
  afterAll(() => s.close());

  it('joins 3 shards into the run an unsharded run makes on the same responses', async () => {
    const out = join(root, 'merged');
    const r = await cli(['merge', shard(3), shard(1), shard(2), '--out', out], s.env);
    expect(r.code, r.err).toBe(0);
    const merged = await readSummaryJson(out);

    expect(merged.candidates.map(figures)).toEqual(whole.candidates.map(figures));
    expect(merged.recommendation).toEqual(whole.recommendation);
    expect(merged.samplesNotRun).toBe(0);
    expect(merged.stoppedReason).toBeNull();
    expect(merged.shard).toBeNull();
    expect(merged.suiteHash).toBe(whole.suiteHash);
    // the same prices from the same sources; each run priced them at its own start
    const untimed = (p: typeof whole.prices) => ({
      ...p,
      origins: Object.fromEntries(
        Object.entries(p.origins ?? {}).map(([k, o]) => [k, { ...(o as object), pricedAt: 'x' }]),
      ),
    });
    expect(untimed(merged.prices)).toEqual(untimed(whole.prices));
    expect(merged.spentUsd.total).toBeCloseTo(whole.spentUsd.total, 12);

    const records = await readJsonl(join(out, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    expect(new Set(records.map(sampleId)).size).toBe(PLANNED);
    const cases = await readJsonl<CaseRow>(join(out, 'cases.jsonl'));
    const wholeCases = await readJsonl<CaseRow>(join(root, 'whole', 'cases.jsonl'));
    expect(cases.map((c) => c.id).sort()).toEqual(wholeCases.map((c) => c.id).sort());
    for (const f of ['run.json', 'report.html', 'summary.csv', 'cases.csv', 'summary.md'])
      await access(join(out, f));
    const meta = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(meta.options.shard).toBeUndefined();
    expect(meta.mergedFrom).toEqual([shard(1), shard(2), shard(3)]);
  });

  it('refuses a gap: a shard index missing', async () => {
    const r = await cli(['merge', shard(1), shard(3), '--out', join(root, 'gap')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no shard 2/3');
    expect(r.err).toContain(shard(1));
  });

  it('refuses an overlap: the same shard twice', async () => {
    const copy = join(root, 'shard-2-copy');
    await cp(shard(2), copy, { recursive: true });
    const r = await cli(['merge', shard(1), shard(2), shard(3), copy, '--out', join(root, 'overlap')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('shard 2/3 twice');
    expect(r.err).toContain(copy);
  });

  it('refuses shards of another split (N differs)', async () => {
    const other = join(root, 'half-1');
    const x = await cli(['run', SUITE, '--shard', '1/2', '--out', other, '--no-cache', '--quiet'], s.env);
    expect(x.code, x.err).toBe(0);
    const r = await cli(['merge', shard(1), shard(2), shard(3), other, '--out', join(root, 'mixed')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--shard 1/2');
    expect(r.err).toContain(other);
  });

  it('refuses shards of another suite or other prices, naming the folder', async () => {
    const changed = join(root, 'shard-3-changed');
    await cp(shard(3), changed, { recursive: true });
    const meta = JSON.parse(await readFile(join(changed, 'run.json'), 'utf8'));
    await writeFile(join(changed, 'run.json'), JSON.stringify({ ...meta, suiteHash: 'deadbeef' }));
    let r = await cli(['merge', shard(1), shard(2), changed, '--out', join(root, 'bad-suite')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('same suite');
    expect(r.err).toContain(changed);

    const repriced = join(root, 'shard-3-repriced');
    await cp(shard(3), repriced, { recursive: true });
    const summary = await readSummaryJson(repriced);
    summary.prices.models['sim-mid']!.input = 99;
    await writeFile(join(repriced, 'summary.json'), JSON.stringify(summary));
    r = await cli(['merge', shard(1), shard(2), repriced, '--out', join(root, 'bad-prices')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('same prices');
    expect(r.err).toContain(repriced);
  });

  it('refuses an unsharded run', async () => {
    const r = await cli(['merge', join(root, 'whole'), shard(1), '--out', join(root, 'unsharded')], s.env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unsharded run in ${join(root, 'whole')}`);
  });
});
