/**
 * A cached answer keeps the tariff it was bought at: `run demo --batch --update-baseline` followed
 * by the zero-spend CI step `run demo --replay --gate` values the replayed answers at the batch price
 * the batch run paid, so the cost check passes, nothing is spent, and the cache saved what the
 * batch run paid. A cache entry written before tariffs were kept is valued at list price.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachingSavedUsd } from '../../src/analysis/prompt-caching.ts';
import type { GateFile } from '../../src/log/gate-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { cli } from '../helpers/project.ts';
import { readRecords, readSummary } from '../helpers/run-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const POLL = { TOLLGATE_BATCH_POLL_MS: '20' };

let tmp: string;
let batch: Summary;

/** Runs the demo with the temp baseline and cache; returns the CLI result and the run folder. */
async function demo(out: string, extra: string[]) {
  const dir = join(tmp, out);
  const args = ['run', 'demo', '--quiet', '--baseline', join(tmp, 'base.json'), '--out', dir];
  const r = await cli([...args, '--cache-dir', join(tmp, 'cache'), ...extra], { cwd: ROOT, env: POLL });
  return { r, dir };
}

const costs = (s: Summary) => new Map(s.candidates.map((c) => [c.id, c.costUsd]));

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tollgate-batch-replay-'));
  const { r, dir } = await demo('b', ['--batch', '--update-baseline']);
  expect(r.code, r.err).toBe(0);
  batch = await readSummary(dir);
}, 120_000);

/** The candidates that pass the demo's bar, so their replay runs every case (no early stop). */
const PASSING = ['--models', 'sim-frontier,sim-mid'];

describe('a batch run replayed from the cache', () => {
  it('passes the gate at the batch price, spends $0, and saved what the batch run paid', async () => {
    const { r, dir } = await demo('r', ['--replay', '--gate', ...PASSING]);
    expect(r.code, r.err).toBe(0);
    const gate = JSON.parse(await readFile(join(dir, 'gate.json'), 'utf8')) as GateFile;
    expect(gate.passed).toBe(true);
    const replay = await readSummary(dir);
    const ran = new Set(replay.candidates.map((c) => c.id));
    const cost = gate.verdicts.filter((v) => v.check === 'cost' && ran.has(v.candidate));
    expect(cost).toHaveLength(4);
    for (const v of cost) expect(v.status, v.message).toBe('pass');

    const paid = costs(batch);
    expect(replay.candidates).toHaveLength(4);
    // the batch run's prompt-caching saving is discounted like its cost
    for (const c of batch.candidates) {
      const list = cachingSavedUsd(c.tokens, batch.prices.models[c.model]!)!;
      expect(Math.abs(c.cachingSavedUsd! - list * 0.5)).toBeLessThan(1e-15);
    }
    expect(batch.candidates.some((c) => c.cachingSavedUsd! > 0)).toBe(true);
    let boughtFor = 0;
    for (const c of replay.candidates) {
      const inBatch = batch.candidates.find((b) => b.id === c.id)!;
      expect(Math.abs(c.costUsd! - paid.get(c.id)!)).toBeLessThan(1e-12);
      expect(c.spentUsd).toBe(0);
      expect(Math.abs(c.projectedMonthlyUsd! - inBatch.projectedMonthlyUsd!)).toBeLessThan(1e-9);
      expect(Math.abs(c.cachingSavedUsd! - inBatch.cachingSavedUsd!)).toBeLessThan(1e-12);
      boughtFor += inBatch.spentUsd!;
    }
    expect(replay.spentUsd.total).toBe(0);
    expect(Math.abs(replay.savedByCacheUsd - boughtFor)).toBeLessThan(1e-12);

    for (const rec of await readRecords(dir)) {
      for (const a of rec.attemptLog) {
        expect(a.cached).toBe(true);
        expect(a.spentUsd).toBe(0);
        expect(a.tariff?.discount?.kind).toBe('batch');
      }
    }
  }, 120_000);

  it('fails no cost check on any of the six candidates', async () => {
    const { r, dir } = await demo('r6', ['--replay', '--gate']);
    // only the bar fails: the two sim-budget candidates are below the demo's bar in any run
    expect(r.code, r.err).toBe(1);
    const gate = JSON.parse(await readFile(join(dir, 'gate.json'), 'utf8')) as GateFile;
    const cost = gate.verdicts.filter((v) => v.check === 'cost');
    expect(cost).toHaveLength(6);
    for (const v of cost) expect(v.status, v.message).toBe('pass');
    const failed = gate.verdicts.filter((v) => v.status !== 'pass');
    expect(failed.map((v) => `${v.candidate} ${v.check}`).sort()).toEqual([
      'sim-budget/cot bar',
      'sim-budget/terse bar',
    ]);
  }, 120_000);

  it('values an entry written before tariffs were kept at list price', async () => {
    const old = join(tmp, 'old-cache');
    await copyWithoutTariffs(join(tmp, 'cache'), old);
    const dir = join(tmp, 'old');
    const args = ['run', 'demo', '--quiet', '--replay', ...PASSING, '--cache-dir', old, '--out', dir];
    const r = await cli(args, { cwd: ROOT, env: POLL });
    expect(r.code, r.err).toBe(0);
    for (const rec of await readRecords(dir)) {
      for (const a of rec.attemptLog) {
        expect(a.tariff).not.toBeNull();
        expect(a.tariff!.discount).toBeNull();
        expect(a.spentUsd).toBe(0);
      }
    }
    const replay = await readSummary(dir);
    for (const c of replay.candidates) {
      const listPrice = replay.prices.models[c.model]!;
      expect(Math.abs(c.costUsd! * listPrice.batchDiscount - costs(batch).get(c.id)!)).toBeLessThan(1e-12);
    }
  }, 120_000);
});

/** Copies a cache folder, dropping the `tariff` of every entry (as written before tariffs were kept). */
async function copyWithoutTariffs(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const src = join(entry.parentPath, entry.name);
    const dest = join(to, src.slice(from.length));
    const { tariff: _, ...rest } = JSON.parse(await readFile(src, 'utf8')) as Record<string, unknown>;
    await mkdir(join(dest, '..'), { recursive: true });
    await writeFile(dest, JSON.stringify(rest));
  }
}
