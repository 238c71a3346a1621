/**
 * suites/agent.ts on native tool calls, through every provider shape over real HTTP: the sim's
 * Chat Completions endpoint (`sim:`), its Responses API (`api: responses`) and its
 * Anthropic-compatible one (`provider: anthropic` with the sim's base URL). Every task makes several
 * calls with the calculator tool, the answers agree across the shapes, and each sample's cost is
 * exactly the sum of its calls' costs.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/config/load-suite.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import type { Summary } from '../../../src/log/summary-file.ts';
import { SIM_PRICES } from '../../../src/pricing/price-table.ts';
import { type SimServer, startSimServer } from '../../../src/providers/sim/server.ts';
import { defaultRunDeps, runSuite } from '../../../src/runner/run-suite.ts';
import { tempProject } from '../../helpers/project.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('the agent suite with native tool calls, on every provider shape', () => {
  let sim: SimServer;
  let summary: Summary;
  const records: SampleRecord[] = [];

  beforeAll(async () => {
    sim = await startSimServer({ latencyMs: 0 });
    const dir = await tempProject({
      'suites/agent-both.ts': `import agent from ${JSON.stringify(join(ROOT, 'suites/agent.ts'))};
export default {
  ...agent,
  name: 'agent-both',
  dataset: ${JSON.stringify(join(ROOT, 'datasets/agent.jsonl'))},
  models: [
    'sim:sim-mid',
    { id: 'responses-shaped', provider: 'sim', model: 'sim-mid', api: 'responses' },
    { id: 'claude-shaped', provider: 'anthropic', model: 'sim-mid', price: ${JSON.stringify(SIM_PRICES['sim-mid'])} },
  ],
  budgetUsd: undefined,
  earlyStop: false,
};
`,
    });
    const suite = await loadSuite('agent-both', dir);
    ({ summary } = await runSuite(
      suite,
      { cacheMode: 'off', cacheDir: '', runId: 'agent-both', budgetUsd: null },
      {
        ...defaultRunDeps,
        env: { ANTHROPIC_API_KEY: 'sim', ANTHROPIC_BASE_URL: sim.anthropicBaseURL },
        signal: new AbortController().signal,
        onRecord: (r) => records.push(r),
        sim,
      },
    ));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('sends the calculator on every shape and gets tool calls back', () => {
    const paths = new Set(sim.stats.log.map((e) => e.path));
    expect(paths).toEqual(new Set(['/v1/chat/completions', '/v1/responses', '/v1/messages']));
    expect(records).toHaveLength(72);
    for (const r of records) {
      expect(r.error).toBeNull();
      // two to four operations, one call each, then the answer
      expect(r.calls).toBeGreaterThanOrEqual(2);
      expect(r.calls).toBeLessThanOrEqual(5);
      expect(r.inputBreakdown!.tools).toBeGreaterThan(0);
      expect(r.inputBreakdown!.history).toBeGreaterThan(0);
    }
    // the same model decides the same way whatever the wire format
    const byCase = (model: string) =>
      Object.fromEntries(
        records.filter((r) => r.model === model).map((r) => [r.caseId, [r.output, r.calls]]),
      );
    expect(byCase('claude-shaped')).toEqual(byCase('sim-mid'));
    expect(byCase('responses-shaped')).toEqual(byCase('sim-mid'));
    const passed = records.filter((r) => r.status === 'passed').length;
    expect(passed).toBeGreaterThanOrEqual(54);
  });

  it('charges each task exactly the sum of its calls, on every shape', () => {
    const price = SIM_PRICES['sim-mid']!;
    for (const r of records) {
      expect(r.attemptLog).toHaveLength(r.calls);
      let sum = 0;
      for (const a of r.attemptLog) {
        const t = a.tokens!;
        const byHand =
          (t.input * price.input +
            t.cacheRead * price.cacheRead +
            t.cacheWrite * price.cacheWrite +
            t.output * price.output) /
          1e6;
        expect(a.costUsd).toBe(byHand);
        sum += a.costUsd!;
      }
      expect(r.costUsd).toBe(sum);
    }
    const served = sim.stats.served;
    const inRecords = records.reduce((s, r) => s + r.tokens.input + r.tokens.cacheRead + r.tokens.output, 0);
    expect(inRecords).toBe(served.input + served.cacheRead + served.output);
    for (const c of summary.candidates) {
      const mine = records.filter((r) => r.candidate === c.id);
      expect(c.costUsd).toBeCloseTo(
        mine.reduce((s, r) => s + r.costUsd!, 0),
        15,
      );
      expect(c.callsPerTaskP50).toBeGreaterThanOrEqual(2);
      expect(c.callsPerTaskP95).toBeGreaterThanOrEqual(c.callsPerTaskP50!);
      expect(c.tokensPerTaskP95).toBeGreaterThanOrEqual(c.tokensPerTaskP50!);
      expect(c.limitHits).toBe(0);
      expect(c.inputBreakdown!.tools).toBe(mine.reduce((s, r) => s + r.inputBreakdown!.tools, 0));
    }
  });
});

describe('a tool loop replayed from the response cache', () => {
  it('takes the same path with no request: the tool calls are cached with the answers', async () => {
    const sim = await startSimServer({ latencyMs: 0 });
    try {
      const dir = await tempProject({
        'suites/agent-cached.ts': `import agent from ${JSON.stringify(join(ROOT, 'suites/agent.ts'))};
export default { ...agent, name: 'agent-cached', dataset: ${JSON.stringify(join(ROOT, 'datasets/agent.jsonl'))}, models: ['sim:sim-budget'], earlyStop: false };
`,
      });
      const suite = await loadSuite('agent-cached', dir);
      const runOnce = async (runId: string) => {
        const records: SampleRecord[] = [];
        await runSuite(
          suite,
          { cacheMode: 'read-write', cacheDir: join(dir, '.cache'), runId, budgetUsd: null },
          {
            ...defaultRunDeps,
            env: {},
            signal: new AbortController().signal,
            onRecord: (r) => records.push(r),
            sim,
          },
        );
        return records.sort((a, b) => a.caseId.localeCompare(b.caseId));
      };
      const first = await runOnce('first');
      const sent = sim.stats.requests;
      expect(sent).toBe(first.reduce((n, r) => n + r.calls, 0));
      const second = await runOnce('second');
      expect(sim.stats.requests).toBe(sent);
      expect(second.every((r) => r.cached)).toBe(true);
      expect(second.map((r) => [r.caseId, r.output, r.calls, r.costUsd])).toEqual(
        first.map((r) => [r.caseId, r.output, r.calls, r.costUsd]),
      );
    } finally {
      await sim.close();
    }
  });
});
