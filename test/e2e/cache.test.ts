import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, endpointWithoutCredentials, stableStringify } from '../../src/cache/response-cache.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { cli, ENV, fixtureProject, KEY_ENV, price, readRecords, servedCost, walk } from '../helpers/spend.ts';

const PRICES = { 'sim-mid': price(0.8, 4), 'sim-budget': price(0.15, 0.6) };

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 1 });
});
afterAll(() => sim.close());

const byKey = (rs: SampleRecord[]) => new Map(rs.map((r) => [`${r.candidate}|${r.caseId}|${r.repeat}`, r]));

async function run(
  dir: string,
  out: string,
  extra: string[] = [],
  env: Record<string, string | undefined> = ENV,
) {
  const r = await cli(['run', 'cache', '--json', '--quiet', '--out', out, ...extra], dir, env);
  return { ...r, summary: r.code === 0 || r.code === 3 ? (JSON.parse(r.out) as Summary) : null };
}

describe('the response cache', () => {
  it('a second run sends zero requests, spends $0, reports identical candidate costs and the spend saved', async () => {
    const dir = await fixtureProject('spend-cache', sim);
    sim.resetStats();
    const first = await run(dir, 'run-1');
    expect(first.code).toBe(0);
    const sent = sim.stats.requests;
    expect(sent).toBeGreaterThan(100);
    const firstSpend = servedCost(sim, PRICES);
    expect(first.summary!.spentUsd.total).toBeCloseTo(firstSpend, 12);
    expect(first.summary!.savedByCacheUsd).toBe(0);

    sim.resetStats();
    const second = await run(dir, 'run-2');
    expect(second.code).toBe(0);
    expect(sim.stats.requests).toBe(0);
    const s = second.summary!;
    expect(s.spentUsd).toEqual({ candidates: 0, judge: 0, total: 0 });
    expect(s.savedByCacheUsd).toBeCloseTo(firstSpend, 12);
    for (const c of first.summary!.candidates) {
      const again = s.candidates.find((x) => x.id === c.id)!;
      expect(again.costUsd).toBeCloseTo(c.costUsd!, 12);
      expect(again).toMatchObject({
        samples: c.samples,
        passed: c.passed,
        tokens: c.tokens,
        requests: 0,
        cachedSamples: c.samples,
        spentUsd: 0,
      });
      expect(again.earlyStopped).toBe(c.earlyStopped);
    }
    // sample by sample: the same cost and tokens, $0 spent, marked cached, no requests
    const a = byKey(await readRecords(join(dir, 'run-1')));
    const b = byKey(await readRecords(join(dir, 'run-2')));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, r] of b) {
      const was = a.get(k)!;
      expect(r).toMatchObject({
        costUsd: was.costUsd,
        tokens: was.tokens,
        output: was.output,
        spentUsd: 0,
        cached: true,
        attempts: 0,
      });
    }

    // --replay: the same run entirely from the cache, exit 0
    sim.resetStats();
    const replay = await run(dir, 'run-3', ['--replay']);
    expect(replay.code).toBe(0);
    expect(sim.stats.requests).toBe(0);
  });

  it('--replay with a changed prompt fails with exit 2, naming the sample', async () => {
    const dir = await fixtureProject('spend-cache', sim);
    expect((await run(dir, 'run-1')).code).toBe(0);
    const file = join(dir, 'suites', 'cache.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('Reply with the number only', 'Reply with just the number'),
    );
    sim.resetStats();
    const r = await run(dir, 'run-2', ['--replay']);
    expect(r.code).toBe(2);
    expect(sim.stats.requests).toBe(0);
    expect(r.err).toMatch(
      /^Run folder: run-2\ntollgate: Expected a cached response for sample (mid|budget)\/terse case "q\d{3}" repeat [01] \(--replay allows no misses\), got a cache miss\. Fix: /,
    );
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    // the reports are still written for what ran
    const summary = JSON.parse(await readFile(join(dir, 'run-2', 'summary.json'), 'utf8')) as Summary;
    expect(summary.stoppedReason).toBe('replay_miss');
  });

  it('two runs writing the same cache at once leave only whole entries', async () => {
    const dir = await fixtureProject('spend-cache', sim);
    sim.resetStats();
    const [a, b] = await Promise.all([
      run(dir, 'run-a', ['--cache-dir', 'shared']),
      run(dir, 'run-b', ['--cache-dir', 'shared']),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const files = await walk(join(dir, 'shared'));
    expect(files.filter((f) => !f.endsWith('.json'))).toEqual([]); // no temp files left behind
    for (const f of files) {
      const entry = JSON.parse(await readFile(f, 'utf8'));
      expect(typeof entry.text).toBe('string');
      expect(entry.tokens.output).toBeGreaterThan(0);
    }
    // one entry per distinct request (repeats are distinct entries), whichever run wrote it
    const samples = byKey([
      ...(await readRecords(join(dir, 'run-a'))),
      ...(await readRecords(join(dir, 'run-b'))),
    ]);
    expect(files.length).toBe(samples.size);
    sim.resetStats();
    expect((await run(dir, 'run-c', ['--cache-dir', 'shared', '--replay'])).code).toBe(0);
    expect(sim.stats.requests).toBe(0);
  });

  it('--no-cache neither reads nor writes; TOLLGATE_CACHE_DIR and --cache-dir choose the folder', async () => {
    const dir = await fixtureProject('spend-cache', sim);
    sim.resetStats();
    expect((await run(dir, 'run-1', ['--no-cache'])).code).toBe(0);
    await expect(stat(join(dir, '.tollgate'))).rejects.toThrow();
    const n = sim.stats.requests;
    expect((await run(dir, 'run-2', [], { ...ENV, TOLLGATE_CACHE_DIR: 'from-env' })).code).toBe(0);
    expect(sim.stats.requests).toBe(2 * n);
    expect((await walk(join(dir, 'from-env'))).length).toBeGreaterThan(0);
    await expect(stat(join(dir, '.tollgate'))).rejects.toThrow();
    // the default folder is .tollgate/cache under the project
    expect((await run(dir, 'run-3')).code).toBe(0);
    expect((await walk(join(dir, '.tollgate', 'cache'))).length).toBeGreaterThan(0);
  });

  it('keys leave credentials out: another API key hits the same entries', async () => {
    const dir = await fixtureProject('spend-cache', sim);
    expect((await run(dir, 'run-1')).code).toBe(0);
    sim.resetStats();
    const again = await run(dir, 'run-2', ['--replay'], { [KEY_ENV]: 'test-a-different-key-9999' });
    expect(again.code).toBe(0);
    expect(sim.stats.requests).toBe(0);
    for (const f of await walk(join(dir, '.tollgate', 'cache'))) {
      const text = await readFile(f, 'utf8');
      expect(text).not.toContain(ENV[KEY_ENV]);
    }
  });

  it('keys: endpoint credentials dropped; provider, endpoint, model, body and repeat all count', () => {
    const base = {
      provider: 'openai',
      endpoint: 'https://api.example.com/v1',
      model: 'm',
      body: { model: 'm', messages: [] },
      repeat: 0,
    };
    expect(endpointWithoutCredentials('https://user:secret@api.example.com/v1/?api-key=abc#x')).toBe(
      'https://api.example.com/v1',
    );
    expect(cacheKey({ ...base, endpoint: 'https://user:secret@api.example.com/v1?api-key=abc' })).toBe(
      cacheKey(base),
    );
    expect(cacheKey({ ...base, body: { messages: [], model: 'm' } })).toBe(cacheKey(base)); // key order is irrelevant
    for (const other of [
      { ...base, provider: 'anthropic' },
      { ...base, endpoint: 'https://other.example.com/v1' },
      { ...base, model: 'n' },
      { ...base, body: { ...base.body, temperature: 0.5 } },
      { ...base, repeat: 1 },
      { ...base, call: 1 },
    ]) {
      expect(cacheKey(other)).not.toBe(cacheKey(base));
    }
  });

  it('keys are what they have always been, so an existing cache stays valid', () => {
    const parts = {
      provider: 'openai',
      endpoint: 'https://api.example.com/v1',
      model: 'm',
      body: {
        model: 'm',
        messages: [{ role: 'user', content: 'Hi "there"\n' }],
        temperature: 0,
        tools: [{ type: 'function', function: { name: 'f', parameters: { b: 1, a: [1, null, 'x'] } } }],
        extra: undefined,
      },
      repeat: 2,
      call: 1,
    };
    expect(cacheKey(parts)).toBe('a038566fdbc18e79f400600c3839b70638062ef8ea5287c7f1d10a877ab62f32');
  });

  it('stable JSON reads back as the value, whatever its key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = stableStringify(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        const reversed = JSON.parse(JSON.stringify(v), (_k, x) =>
          x && typeof x === 'object' && !Array.isArray(x)
            ? Object.fromEntries(Object.entries(x).reverse())
            : x,
        );
        expect(stableStringify(reversed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
