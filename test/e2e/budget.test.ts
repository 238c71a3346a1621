import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/load-suite.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { mulberry32 } from '../../src/stats/prng.ts';
import { FAST_FAULTS } from '../helpers/faults.ts';
import {
  arithmeticRows,
  cli,
  ENV,
  fixtureProject,
  KEY_ENV,
  price,
  readRecords,
  readSummary,
  servedCost,
} from '../helpers/spend.ts';

const PRICES = { 'sim-mid': price(3, 15), 'sim-frontier': price(5, 25) };
const JUDGED_PRICES = { 'sim-mid': price(3, 15), 'sim-frontier': price(20, 80) };

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 1 });
});
afterAll(() => sim.close());

describe('a budget smaller than the suite needs', () => {
  it('caps what the server served, stops with exit 3, writes every report, and --budget overrides budgetUsd', async () => {
    const dir = await fixtureProject('spend-budget', sim);
    sim.resetStats();
    const full = await cli(['run', 'budget', '--quiet', '--out', 'full'], dir);
    expect(full.code).toBe(0);
    const need = servedCost(sim, PRICES);
    const budget = Math.round(need * 0.3 * 1e6) / 1e6;

    sim.resetStats();
    const r = await cli(
      ['run', 'budget', '--quiet', '--no-cache', '--out', 'capped', '--budget', String(budget)],
      dir,
    );
    expect(r.code).toBe(3);
    const served = servedCost(sim, PRICES);
    expect(served).toBeLessThanOrEqual(budget);
    // the run used the budget rather than stopping at the first reservation that did not fit
    expect(served).toBeGreaterThan(budget * 0.85);

    const s = await readSummary(join(dir, 'capped'));
    expect(s.budgetUsd).toBe(budget); // not the suite's 5.00
    expect(s.stoppedReason).toBe('budget');
    expect(s.spentUsd.total).toBeCloseTo(served, 12);
    const ran = (await readRecords(join(dir, 'capped'))).length;
    expect(s.samplesNotRun).toBe(160 - ran);
    expect(s.samplesNotRun).toBeGreaterThan(50);
    expect(await readdir(join(dir, 'capped'))).toEqual(
      expect.arrayContaining([
        'records.jsonl',
        'summary.json',
        'report.html',
        'summary.csv',
        'cases.csv',
        'summary.md',
      ]),
    );
    expect(r.out).toMatch(/Stopped: budget \(\d+ samples not run\)/);
  });

  it('with retries on 429s, 503s and empty bodies, each attempt reserves again and the cap still holds', async () => {
    const flaky = await startSimServer({
      latencyMs: 1,
      faults: { rate: 0.3, seed: 4, kinds: ['429-retry-after-ms', '503', 'empty', 'null-content'] },
    });
    try {
      const dir = await fixtureProject('spend-budget', flaky);
      const r = await cli(
        ['run', 'budget', '--quiet', '--no-cache', '--out', 'x', '--budget', '0.03', '--concurrency', '12'],
        dir,
      );
      expect(r.code).toBe(3);
      expect(Object.keys(flaky.stats.faults).length).toBeGreaterThan(0);
      const served = servedCost(flaky, PRICES);
      expect(served).toBeLessThanOrEqual(0.03);
      const s = await readSummary(join(dir, 'x'));
      expect(s.spentUsd.total).toBeCloseTo(served, 12);
      expect(s.candidates.reduce((n, c) => n + c.retries, 0)).toBeGreaterThan(0);
    } finally {
      await flaky.close();
    }
  });

  it('covers the judge calls too: candidate and judge spend together stay under the cap', async () => {
    const dir = await fixtureProject('spend-budget', sim);
    sim.resetStats();
    const r = await cli(
      ['run', 'budget-judge', '--quiet', '--json', '--no-cache', '--out', 'j', '--budget', '0.06'],
      dir,
    );
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out) as Summary;
    const served = servedCost(sim, JUDGED_PRICES);
    expect(served).toBeLessThanOrEqual(0.06);
    expect(s.spentUsd.judge).toBeGreaterThan(0);
    expect(s.spentUsd.judge).toBeCloseTo(
      servedCost(sim, JUDGED_PRICES, (m) => m === 'sim-frontier'),
      12,
    );
    expect(s.spentUsd.total).toBeCloseTo(served, 12);
  });

  it('--budget 0 sends nothing and reports every sample as not run', async () => {
    const dir = await fixtureProject('spend-budget', sim);
    sim.resetStats();
    const r = await cli(
      ['run', 'budget', '--quiet', '--json', '--no-cache', '--out', 'z', '--budget', '0'],
      dir,
    );
    expect(r.code).toBe(3);
    expect(sim.stats.requests).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      stoppedReason: 'budget',
      samplesNotRun: 160,
      spentUsd: { total: 0 },
    });
  });
});

describe('budget property against the sim', () => {
  it('spend from the tokens the server served never exceeds the cap', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tollgate-budget-prop-'));
    await writeFile(join(root, 'q.jsonl'), arithmeticRows(24));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          budgetMicros: fc.integer({ min: 0, max: 6000 }),
          concurrency: fc.integer({ min: 1, max: 16 }),
          latencyMs: fc.integer({ min: 0, max: 3 }),
          latencyScale: fc.option(fc.constantFrom(0, 0.05, 0.1)),
          faultPct: fc.integer({ min: 0, max: 40 }),
          maxTokens: fc.constantFrom(4, 16, 64, 200),
          cot: fc.boolean(),
          judge: fc.boolean(),
          maxAttempts: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        async (p) => {
          const budget = p.budgetMicros / 1e6;
          const s = await startSimServer({
            ...(p.latencyScale === null ? { latencyMs: p.latencyMs } : { latencyScale: p.latencyScale }),
            hangMs: 400,
            faults: {
              rate: p.faultPct / 100,
              seed: p.seed,
              kinds: FAST_FAULTS,
            },
          });
          try {
            const dir = join(root, `p${n++}`);
            const file = join(root, `suite-${n}.yaml`);
            await writeFile(file, propertySuite(s.openaiBaseURL, p));
            const suite = await loadSuite(file, root);
            const { summary } = await runSuite(
              suite,
              {
                cacheMode: 'off',
                cacheDir: join(dir, 'cache'),
                runId: 'prop',
                budgetUsd: budget,
                concurrency: p.concurrency,
              },
              {
                env: ENV,
                signal: new AbortController().signal,
                now: () => performance.now(),
                random: mulberry32(p.seed),
                sleep: async () => {},
                onRecord: () => {},
              },
            );
            const served = servedCost(s, { 'sim-mid': price(3, 15), 'sim-frontier': price(20, 80) });
            expect(served).toBeLessThanOrEqual(budget + 1e-12);
            expect(summary.spentUsd.total).toBeLessThanOrEqual(budget + 1e-12);
            // the ledger's spend is the served usage (timeouts and unreadable bodies are held, not spent)
            expect(summary.spentUsd.total).toBeLessThanOrEqual(served + 1e-12);
            if (summary.stoppedReason === null) expect(summary.samplesNotRun).toBe(0);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 40, seed: 424242 },
    );
  });
});

function propertySuite(
  baseURL: string,
  p: { maxTokens: number; cot: boolean; judge: boolean; maxAttempts: number },
): string {
  const model = (id: string, name: string, pr: string) =>
    `  - { id: ${id}, provider: openai, model: ${name}, baseURL: ${baseURL}, apiKeyEnv: ${KEY_ENV}, price: ${pr} }`;
  return [
    'dataset: q.jsonl',
    'prompts:',
    '  - { id: terse, user: "{{question}}" }',
    ...(p.cot
      ? ['  - { id: cot, system: "Think step by step, then answer as \'Answer: N\'.", user: "{{question}}" }']
      : []),
    'models:',
    model('mid', 'sim-mid', '{ input: 3, output: 15 }'),
    model('frontier', 'sim-frontier', '{ input: 20, output: 80 }'),
    `params: { maxTokens: ${p.maxTokens} }`,
    'scorers:',
    p.judge
      ? `  - { type: llmJudge, rubric: "Expected: {{expected}}", model: { provider: openai, model: sim-frontier, baseURL: ${baseURL}, apiKeyEnv: ${KEY_ENV}, price: { input: 20, output: 80 } } }`
      : '  - { type: numeric, extract: "(-?[\\\\d.]+)\\\\s*$" }',
    `maxAttempts: ${p.maxAttempts}`,
    'timeoutMs: 150',
    '',
  ].join('\n');
}
