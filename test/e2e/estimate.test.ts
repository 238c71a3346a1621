import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteEstimate } from '../../src/estimate/estimate-suite.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { cli, fixtureProject } from '../helpers/spend.ts';

let sim: SimServer;
let dir: string;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 1 });
  dir = await fixtureProject('spend-estimate', sim);
});
afterAll(() => sim.close());

async function estimate(args: string[], env?: Record<string, string>): Promise<SuiteEstimate> {
  sim.resetStats();
  const r = await cli(['estimate', ...args, '--json'], dir, env);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(sim.stats.requests).toBe(0);
  return JSON.parse(r.out) as SuiteEstimate;
}

async function run(args: string[]): Promise<Summary> {
  const r = await cli(['run', ...args, '--json', '--quiet'], dir);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Summary;
}

describe('tollgate estimate', () => {
  it('sends no request; its worst case covers a real run; afterwards the cache makes it exact', async () => {
    const e = await estimate(['mixed', '--cache-dir', 'c1']);
    expect(e).toMatchObject({ samples: 6 * 66, cachedSamples: 0, budgetUsd: 1 });
    expect(e.candidates.map((c) => c.id)).toEqual([
      'frontier/terse',
      'frontier/cot',
      'mid/terse',
      'mid/cot',
      'budget/terse',
      'budget/cot',
    ]);
    for (const c of e.candidates) {
      expect(c).toMatchObject({
        samples: 66,
        expectedUsd: expect.any(Number),
        worstCaseUsd: expect.any(Number),
      });
      expect(c.worstCaseUsd!).toBeGreaterThan(c.expectedUsd!);
    }
    expect(e.expectedUsd).toBeCloseTo(
      e.candidates.reduce((s, c) => s + c.expectedUsd!, 0),
      12,
    );
    expect(e.worstCaseUsd).toBeCloseTo(
      e.candidates.reduce((s, c) => s + c.worstCaseUsd!, 0),
      12,
    );

    sim.resetStats();
    const s = await run(['mixed', '--cache-dir', 'c1', '--out', 'r1']);
    const actual = s.candidates.reduce((t, c) => t + c.costUsd!, 0);
    expect(actual).toBeGreaterThan(0);
    expect(e.worstCaseUsd!).toBeGreaterThanOrEqual(actual);
    expect(e.worstCaseUsd!).toBeGreaterThanOrEqual(s.spentUsd.total);
    for (const c of s.candidates) {
      expect(e.candidates.find((x) => x.id === c.id)!.worstCaseUsd!).toBeGreaterThanOrEqual(c.costUsd!);
    }
    // a guess, but a sane one
    expect(e.expectedUsd!).toBeGreaterThan(actual / 5);
    expect(e.expectedUsd!).toBeLessThan(actual * 5);

    // the cache now holds every sample: the cost is known exactly and the run would spend $0
    const again = await estimate(['mixed', '--cache-dir', 'c1']);
    expect(again.cachedSamples).toBe(again.samples);
    for (const c of s.candidates) {
      const ec = again.candidates.find((x) => x.id === c.id)!;
      expect(ec.expectedUsd!).toBeCloseTo(c.costUsd!, 12);
      expect(ec.outputTokens).toBe(c.tokens.output);
      expect(ec.outputFrom.cache).toBe(66);
    }
    expect(again.expectedSpendUsd).toBe(0);
    expect(again.worstCaseSpendUsd).toBe(0);
    expect(again.budget).toEqual({ verdict: 'fits' });
    // with --no-cache the same samples would be paid for again
    const noCache = await estimate(['mixed', '--cache-dir', 'c1', '--no-cache']);
    expect(noCache.expectedSpendUsd!).toBeCloseTo(noCache.expectedUsd!, 12);
  });

  it('uses cached history for the samples the cache does not hold', async () => {
    await run(['mixed', '--cache-dir', 'c2', '--out', 'r2', '--sample', '10']);
    const e = await estimate(['mixed', '--cache-dir', 'c2']);
    for (const c of e.candidates)
      expect(c.outputFrom).toEqual({ cache: 10, history: 56, reference: 0, maxTokens: 0 });
    // cot answers are long; history knows it where the reference answer does not
    const cold = await estimate(['mixed', '--cache-dir', 'c-empty']);
    const cot = (x: SuiteEstimate) => x.candidates.find((c) => c.id === 'mid/cot')!.outputTokens;
    expect(cot(e)).toBeGreaterThan(2 * cot(cold));
  });

  it('covers the judge: its worst case is above what the judge really cost', async () => {
    const e = await estimate(['mixed-judged', '--cache-dir', 'cj']);
    expect(e.judge).not.toBeNull();
    expect(e.judge!.worstCaseUsd!).toBeGreaterThan(e.judge!.expectedUsd!);
    const s = await run(['mixed-judged', '--cache-dir', 'cj', '--out', 'rj']);
    expect(s.spentUsd.judge).toBeGreaterThan(0);
    expect(e.judge!.worstCaseUsd!).toBeGreaterThanOrEqual(s.spentUsd.judge);
    expect(e.worstCaseUsd!).toBeGreaterThanOrEqual(s.spentUsd.total);
    for (const c of s.candidates) {
      const ec = e.candidates.find((x) => x.id === c.id)!;
      expect(ec.judgeWorstCaseUsd!).toBeGreaterThanOrEqual(c.judgeCostUsd!);
    }
    // after the run, the judge's calls are in the cache too: their cost is known exactly (two
    // candidates giving the same answer share one judge call, so the cost exceeds the spend)
    const again = await estimate(['mixed-judged', '--cache-dir', 'cj']);
    const judgeCost = s.candidates.reduce((t, c) => t + c.judgeCostUsd!, 0);
    expect(judgeCost).toBeGreaterThanOrEqual(s.spentUsd.judge);
    expect(again.judge!.expectedUsd!).toBeCloseTo(judgeCost, 12);
    expect(again.expectedSpendUsd).toBe(0);
  });

  it('takes the same selection flags as run and counts the same samples', async () => {
    const selection = [
      'mixed',
      '--models',
      'mid,budget',
      '--prompts',
      'cot',
      '--repeats',
      '2',
      '--sample',
      '7',
    ];
    const e = await estimate([...selection, '--cache-dir', 'c3']);
    expect(e.candidates.map((c) => [c.id, c.samples])).toEqual([
      ['mid/cot', 14],
      ['budget/cot', 14],
    ]);
    expect(e.samples).toBe(28);
    const s = await run([...selection, '--cache-dir', 'c3', '--out', 'r3']);
    expect(s.candidates.map((c) => [c.id, c.samples])).toEqual([
      ['mid/cot', 14],
      ['budget/cot', 14],
    ]);
    const shard = await estimate(['mixed', '--shard', '1/3', '--cache-dir', 'c3']);
    expect(shard.samples).toBeLessThan(e.samples * 30);
    expect(shard.samples % 6).toBe(0);
  });

  it('compares with the budget, and --budget overrides it', async () => {
    const base = await estimate(['mixed', '--cache-dir', 'c4']);
    expect((await estimate(['mixed', '--cache-dir', 'c4', '--budget', '100'])).budget).toEqual({
      verdict: 'fits',
    });
    const mid = (base.expectedUsd! + base.worstCaseUsd!) / 2;
    const may = await estimate(['mixed', '--cache-dir', 'c4', '--budget', String(mid)]);
    expect(may).toMatchObject({ budgetUsd: mid, budget: { verdict: 'may-exceed' } });
    const over = await estimate(['mixed', '--cache-dir', 'c4', '--budget', String(base.expectedUsd! / 4)]);
    expect(over.budget.verdict).toBe('exceeds');
    if (over.budget.verdict === 'exceeds') {
      expect(over.budget.samplesAffordable).toBeGreaterThan(base.samples / 5);
      expect(over.budget.samplesAffordable).toBeLessThan(base.samples / 3);
    }
  });

  it('prints a readable table, and needs no API key', async () => {
    sim.resetStats();
    const r = await cli(
      ['estimate', 'mixed', '--cache-dir', 'c5', '--budget', '0.05', '--concurrency', '4'],
      dir,
      {},
    );
    expect(r.code).toBe(0);
    expect(sim.stats.requests).toBe(0);
    expect(r.out).toContain('Estimate for mixed: 396 samples, no request sent.');
    expect(r.out).toMatch(/candidate\s+samples\s+cached\s+prompt tok\s+output tok\s+expected\s+worst case/);
    expect(r.out).toMatch(/^frontier\/terse\s+66\s+0\s+[\d,]+\s+[\d,]+\s+\$[\d.]+\s+\$[\d.]+$/m);
    expect(r.out).toMatch(/^total\s+396\s+0\s/m);
    expect(r.out).toMatch(/Budget \$0\.05: /);
    expect(r.out).toMatch(
      /Time: about [\d.]+ (?:m?s|min \d+ s) \(http:\/\/127\.0\.0\.1:\d+\/v1 at concurrency 4: /,
    );
    expect(r.out).toContain('SPEND_SIM_KEY is not set: `run` will need it.');
  });

  it('plans the sample size: --json has the planner, and a suite too small for a pick is warned of', async () => {
    const full = await estimate(['mixed', '--cache-dir', 'c6']);
    expect(full.planner).toMatchObject({ cases: 66, casesToClearBar: 22, qualityBar: 0.85 });
    expect(full.planner.warnings.join('\n')).not.toMatch(/cannot yield a pick/);
    expect(full.planner.assumptions.length).toBeGreaterThan(0);
    const few = await estimate(['mixed', '--cache-dir', 'c6', '--sample', '15']);
    expect(few.planner.cases).toBe(15);
    expect(few.planner.warnings).toContain(
      '15 cases cannot yield a pick against an 85% bar even at 100% accuracy: it needs 22.',
    );
    const r = await cli(['estimate', 'mixed', '--cache-dir', 'c6', '--sample', '15'], dir);
    expect(r.out.split('\n')[1]).toBe(
      'Warning: 15 cases cannot yield a pick against an 85% bar even at 100% accuracy: it needs 22.',
    );
    expect(r.out).toMatch(/^Cases: 15 planned; a pick against the 85% bar needs at least 22 /m);
  });

  it('bad flags are usage errors (exit 2)', async () => {
    const r = await cli(['estimate', 'mixed', '--models', 'nope'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Expected --models to name ids in the suite \(frontier, mid, budget\), got nope/);
    expect((await cli(['estimate', 'mixed', '--budget', 'lots'], dir)).code).toBe(2);
    expect((await cli(['estimate', 'missing-suite'], dir)).code).toBe(2);
  });
});
