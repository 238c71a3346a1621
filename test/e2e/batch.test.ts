import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { computeCost } from '../../src/pricing/compute-cost.ts';
import type { ModelPrice } from '../../src/pricing/model-price.ts';
import type { Tokens } from '../../src/pricing/tokens.ts';
import type { BatchEntry } from '../../src/runner/batch-store.ts';
import {
  cli,
  exited,
  fixture,
  type LoggedSim,
  readJsonl,
  readSummaryJson,
  sampleId,
  spawnCli,
  startLoggedSim,
  tempDir,
  until,
} from '../helpers/scale.ts';

const PLANNED = 24 * 2 * 2;
const POLL = { TOLLGATE_BATCH_POLL_MS: '20' };

let s: LoggedSim | null = null;
afterEach(async () => {
  await s?.close();
  s = null;
});

/** What the sim served, priced at each model's batch price. */
function servedAtBatchPrice(summary: Summary, sim: LoggedSim): number {
  // the sim's stats are per model only through its log: sum each logged batch line's usage
  let usd = 0;
  for (const e of sim.sim.stats.log) {
    if (!e.path.startsWith('batch:') || !e.tokens) continue;
    const id = e.model === 'sim-mid' ? 'mid' : 'budget';
    usd += computeCost(summary.prices.models[id] as ModelPrice, e.tokens, { batch: true })!;
  }
  return usd;
}

async function batchRun(api: 'openai' | 'anthropic', extra: string[] = [], env: Record<string, string> = {}) {
  const dir = join(await tempDir(), 'run');
  const r = await cli(
    ['run', fixture(`scale-batch-${api}`), '--batch', '--out', dir, '--no-cache', ...extra],
    { ...s!.env, ...POLL, ...env },
  );
  return { dir, r };
}

describe.each(['openai', 'anthropic'] as const)('--batch on %s', (api) => {
  it('sends every sample in batches at the batch price, with progress, and no live request', async () => {
    s = await startLoggedSim({ batchCompleteMs: 80 });
    const { dir, r } = await batchRun(api);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/batch \S+ \(mid\): submitted 48 request\(s\)/);
    expect(r.err).toMatch(/batch \S+ \(budget\): (completed|ended), 48\/48 done/);

    // one batch per model, nothing sent live
    expect(s.sim.stats.batches).toMatchObject({ created: 2, lines: PLANNED, succeeded: PLANNED, failed: 0 });
    expect(s.live()).toHaveLength(0);

    const records = await readJsonl<SampleRecord>(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    expect(new Set(records.map(sampleId)).size).toBe(PLANNED);
    const summary = await readSummaryJson(dir);
    for (const rec of records) {
      expect(rec).toMatchObject({ attempts: 1, retries: 0, cached: false, error: null });
      const price = summary.prices.models[rec.model] as ModelPrice;
      expect(rec.costUsd).toBeCloseTo(computeCost(price, rec.tokens, { batch: true })!, 15);
      expect(rec.spentUsd).toBe(rec.costUsd);
    }
    // accounting: what the run spent is what the sim served, at batch prices (half the list price)
    expect(summary.spentUsd.total).toBeCloseTo(servedAtBatchPrice(summary, s), 12);
    const served: Tokens = s.sim.stats.served;
    expect(summary.candidates.reduce((n, c) => n + c.tokens.input + c.tokens.cacheRead, 0)).toBe(
      served.input + served.cacheRead,
    );
    expect(summary.candidates.reduce((n, c) => n + c.tokens.output, 0)).toBe(served.output);
    expect(summary.candidates.every((c) => c.requests === c.samples)).toBe(true);

    // the batch ids are in the run folder
    const saved = JSON.parse(await readFile(join(dir, 'batches.json'), 'utf8')) as { batches: BatchEntry[] };
    expect(saved.batches.map((b) => b.id).every((id) => typeof id === 'string')).toBe(true);
    expect(saved.batches.reduce((n, b) => n + b.samples.length, 0)).toBe(PLANNED);
  });

  it('retries the lines that failed inside the batch as normal requests', async () => {
    // every fourth line of the batch fails with a 500
    let n = 0;
    s = await startLoggedSim({
      batchCompleteMs: 50,
      fail: (x) => (x.path.startsWith('batch:') && n++ % 4 === 0 ? '500' : null),
    });
    const { dir, r } = await batchRun(api);
    expect(r.code, r.err).toBe(0);
    const failed = s.sim.stats.batches.failed;
    expect(failed).toBe(PLANNED / 4);
    expect(s.live()).toHaveLength(failed);

    const records = await readJsonl<SampleRecord>(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    const retried = records.filter((x) => x.attempts === 2);
    expect(retried).toHaveLength(failed);
    const summary = await readSummaryJson(dir);
    for (const x of retried) {
      expect(x.retries).toBe(1);
      expect(x.error).toBeNull();
      // OpenAI's error file keeps the line's HTTP status; Anthropic's errored result has none
      expect(x.attemptLog[0]).toMatchObject({
        status: api === 'openai' ? 500 : null,
        costUsd: 0,
        error: { kind: 'server' },
      });
      // the retry is a live request, at the list price
      const price = summary.prices.models[x.model] as ModelPrice;
      expect(x.costUsd).toBeCloseTo(computeCost(price, x.tokens)!, 15);
    }
    expect(records.filter((x) => x.attempts === 1)).toHaveLength(PLANNED - failed);
  });
});

describe('--batch with the cache and the budget', () => {
  it('leaves cached samples out of the batch and caches what the batch answered', async () => {
    s = await startLoggedSim({ batchCompleteMs: 30 });
    const cacheDir = await tempDir();
    const first = join(await tempDir(), 'run');
    let r = await cli(
      ['run', fixture('scale-batch-openai'), '--batch', '--out', first, '--cache-dir', cacheDir, '--quiet'],
      { ...s.env, ...POLL },
    );
    expect(r.code, r.err).toBe(0);
    expect(s.sim.stats.batches.lines).toBe(PLANNED);

    const second = join(await tempDir(), 'run');
    r = await cli(
      ['run', fixture('scale-batch-openai'), '--batch', '--out', second, '--cache-dir', cacheDir, '--quiet'],
      { ...s.env, ...POLL },
    );
    expect(r.code, r.err).toBe(0);
    expect(s.sim.stats.batches.created).toBe(2); // none more
    expect(s.live()).toHaveLength(0);
    const records = await readJsonl<SampleRecord>(join(second, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    expect(records.every((x) => x.cached && x.spentUsd === 0 && x.attempts === 0)).toBe(true);
    expect((await readSummaryJson(second)).spentUsd.total).toBe(0);
  });

  it('reserves the whole batch first and submits only the prefix the budget covers', async () => {
    s = await startLoggedSim({ batchCompleteMs: 30 });
    const { dir, r } = await batchRun('openai', ['--budget', '0.0006', '--quiet']);
    expect(r.code, r.err).toBe(3);
    const summary = await readSummaryJson(dir);
    expect(summary.stoppedReason).toBe('budget');
    const lines = s.sim.stats.batches.lines;
    expect(lines).toBeGreaterThan(0);
    expect(lines).toBeLessThan(PLANNED);
    expect(summary.samplesNotRun).toBe(PLANNED - lines);
    expect(summary.spentUsd.total).toBeLessThanOrEqual(0.0006);
    expect(s.live()).toHaveLength(0);
  });
});

describe('--batch after a restart', () => {
  it('picks up polling after kill -9 and never submits the batches again', async () => {
    s = await startLoggedSim({ batchCompleteMs: 2500 });
    const dir = join(await tempDir(), 'run');
    const child = spawnCli(
      ['run', fixture('scale-batch-openai'), '--batch', '--out', dir, '--no-cache', '--quiet'],
      { ...s.env, ...POLL },
    );
    const saved = async () => {
      const text = await readFile(join(dir, 'batches.json'), 'utf8').catch(() => '{"batches":[]}');
      const b = (JSON.parse(text) as { batches: BatchEntry[] }).batches;
      return b.length === 2 && b.every((e) => e.id !== null);
    };
    await until(saved, 30_000, 'both batches submitted and saved');
    child.kill('SIGKILL');
    await exited(child);
    expect(s.sim.stats.batches.created).toBe(2);
    // killed while polling: nothing collected yet (the sim finishes the batches 2.5 s after creation)
    expect((await readJsonl(join(dir, 'records.jsonl'))).length).toBeLessThan(PLANNED);

    const r = await cli(['run', '--resume', dir, '--no-cache'], { ...s.env, ...POLL });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/resuming, \d+ sample\(s\) to collect/);
    expect(s.sim.stats.batches.created).toBe(2);
    expect(s.live()).toHaveLength(0);
    const records = await readJsonl<SampleRecord>(join(dir, 'records.jsonl'));
    expect(records).toHaveLength(PLANNED);
    expect(new Set(records.map(sampleId)).size).toBe(PLANNED);
    const summary = await readSummaryJson(dir);
    expect(summary.stoppedReason).toBeNull();
    expect(summary.spentUsd.total).toBeCloseTo(servedAtBatchPrice(summary, s), 12);
  });
});

describe('--batch when the batch cannot be submitted', () => {
  it('stops the candidates with the reason (exit 3) and sends nothing live', async () => {
    s = await startLoggedSim({ batchCompleteMs: 30, apiKey: 'the-right-key' });
    const { dir, r } = await batchRun('openai', ['--quiet']);
    expect(r.code, r.err).toBe(3);
    const summary = await readSummaryJson(dir);
    expect(summary.stoppedReason).toBe('candidate_failed');
    for (const c of summary.candidates) {
      expect(c.samples).toBe(0);
      expect(c.stopError?.kind).toBe('auth');
      expect(c.stopError?.message).toMatch(/could not submit a batch of 48 request\(s\).*OPENAI_API_KEY/);
    }
    expect(s.sim.stats.batches.created).toBe(0);
    expect(s.live()).toHaveLength(0);
    const saved = JSON.parse(await readFile(join(dir, 'batches.json'), 'utf8')) as { batches: BatchEntry[] };
    expect(saved.batches).toHaveLength(0);
  });
});
