/**
 * The agentic example (suites/agent.ts + datasets/agent.jsonl) runs offline on the simulator: a
 * calculator tool loop with several model calls per task. Its cost per task is the sum of its
 * calls' costs: each record's costUsd equals the sum over its attemptLog, and all of them together
 * equal what the simulator served, priced by hand.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/config/load-suite.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import type { Summary } from '../../../src/log/summary-file.ts';
import { SIM_PRICES } from '../../../src/pricing/price-table.ts';
import type { Tokens } from '../../../src/pricing/tokens.ts';
import { type SimServer, startSimServer } from '../../../src/providers/sim/server.ts';
import { defaultRunDeps, runSuite } from '../../../src/runner/run-suite.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** USD per 1M tokens × tokens, written out by hand (no computeCost). */
function byHand(model: string, t: Tokens): number {
  const p = SIM_PRICES[model]!;
  return (
    (t.input * p.input + t.cacheRead * p.cacheRead + t.cacheWrite * p.cacheWrite + t.output * p.output) / 1e6
  );
}

describe('the agentic example suite', () => {
  let sim: SimServer;
  let summary: Summary;
  const records: SampleRecord[] = [];

  beforeAll(async () => {
    sim = await startSimServer({ latencyMs: 0 });
    const suite = await loadSuite('agent', ROOT);
    ({ summary } = await runSuite(
      suite,
      { cacheMode: 'off', cacheDir: '', runId: 'agent-test', budgetUsd: null },
      {
        ...defaultRunDeps,
        env: {},
        signal: new AbortController().signal,
        onRecord: (r) => records.push(r),
        sim,
      },
    ));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('makes several metered calls per task, through a local tool', () => {
    expect(records.length).toBeGreaterThan(24);
    expect(records.every((r) => r.error === null)).toBe(true);
    const frontier = records.filter((r) => r.model === 'sim-frontier');
    // every question takes two to four operations, then an answer: three to five calls
    expect(frontier.every((r) => r.calls >= 3 && r.calls <= 5)).toBe(true);
    expect(frontier.filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(22);
    for (const c of summary.candidates) expect(c.meanCallsPerSample).toBeGreaterThan(2);
    // a guessing model answers after fewer calls and gets it wrong
    expect(records.some((r) => r.status === 'failed' && r.calls < 3)).toBe(true);
  });

  it('charges each task the sum of its calls: records = attempt logs = served tokens × price', () => {
    let total = 0;
    for (const r of records) {
      expect(r.attemptLog).toHaveLength(r.calls);
      let sum = 0;
      for (const a of r.attemptLog) {
        expect(a.costUsd).toBe(byHand(r.model, a.tokens!));
        sum += a.costUsd!;
      }
      expect(r.costUsd).toBe(sum);
      total += r.costUsd!;
    }
    // the simulator's own log of what it served, priced by hand
    const served = sim.stats.log.reduce((s, e) => s + byHand(e.model, e.tokens!), 0);
    expect(sim.stats.log).toHaveLength(records.reduce((n, r) => n + r.attempts, 0));
    expect(total).toBeCloseTo(served, 12);
    const tokens = records.reduce((s, r) => s + r.tokens.input + r.tokens.cacheRead + r.tokens.output, 0);
    expect(tokens).toBe(sim.stats.served.input + sim.stats.served.cacheRead + sim.stats.served.output);
    // and the candidates' costs add up to the same
    expect(summary.candidates.reduce((s, c) => s + c.costUsd!, 0)).toBeCloseTo(total, 12);
    for (const c of summary.candidates) {
      const mine = records.filter((r) => r.candidate === c.id);
      expect(c.costPerSampleUsd).toBeCloseTo(mine.reduce((s, r) => s + r.costUsd!, 0) / mine.length, 15);
    }
  });

  it('puts the calculator and the prompt-cache figures in the summary', () => {
    expect(summary.projection?.selfHost).toEqual({
      gpuUsdPerHour: 3,
      promptTokensPerSecond: 20000,
      outputTokensPerSecond: 2500,
      utilisation: 0.5,
    });
    for (const c of summary.candidates) {
      expect(c.calculator?.apiMonthlyUsd).toBeCloseTo(2000 * 30 * c.costPerSampleUsd!, 10);
      expect(c.calculator?.apiMonthlyUsd).toBeCloseTo(c.projectedMonthlyUsd!, 10);
      // the sim's OpenAI endpoint serves the repeated tool protocol from its prompt cache
      expect(c.promptCacheShare).toBeGreaterThan(0.3);
      expect(c.cachingSavedUsd).toBeGreaterThan(0);
    }
  });
});
