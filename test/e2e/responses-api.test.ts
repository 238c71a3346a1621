import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../../src/pricing/compute-cost.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRun } from '../helpers/run-files.ts';

let sim: SimServer | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const PRICE = { input: 2, output: 8, cacheRead: 0.5, cacheWrite: 2, batchDiscount: 0.5 };
const CASES = 8;

/** sim-mid through the Responses API on a loopback base URL (keyless), plain and with effort. */
async function project(baseURL: string): Promise<string> {
  return tempProject({
    'suites/resp.yaml': `
dataset: ../datasets/q.jsonl
prompts: [{ id: p, system: "You are a careful calculator. Reply with the number only, with no words, units or punctuation around it.", user: "{{question}}" }]
models:
  - { id: mid, provider: openai, model: sim-mid, api: responses, baseURL: ${baseURL}, price: { input: 2, output: 8, cacheRead: 0.5 } }
  - { id: mid-high, provider: openai, model: sim-mid, api: responses, baseURL: ${baseURL}, price: { input: 2, output: 8, cacheRead: 0.5 }, params: { reasoningEffort: high } }
scorers: [{ type: numeric }]
`,
    'datasets/q.jsonl': arithmeticRows(CASES),
  });
}

/** The sim's logged usage on a path, priced (at the batch price for batch lines). */
function served(
  s: SimServer,
  path: string,
  batch: boolean,
): { usd: number; reasoning: number; lines: number } {
  const entries = s.stats.log.filter((e) => e.path === path && e.tokens);
  return {
    usd: entries.reduce((u, e) => u + computeCost(PRICE, e.tokens!, { batch })!, 0),
    reasoning: entries.reduce((r, e) => r + e.tokens!.reasoning, 0),
    lines: entries.length,
  };
}

describe('the Responses API (api: responses)', () => {
  it('live: POST /v1/responses through the SDK; usage, reasoning and cost as the server counted them', async () => {
    sim = await startSimServer({ latencyMs: 1 });
    const dir = await project(sim.openaiBaseURL);
    const r = await cli(['run', 'resp', '--quiet', '--no-cache', '--out', 'out'], { cwd: dir, env: {} });
    expect(r.code, r.err).toBe(0);
    const { summary, records } = await readRun(join(dir, 'out'));
    expect(records).toHaveLength(2 * CASES);
    for (const rec of records) expect(['passed', 'failed']).toContain(rec.status);
    const live = served(sim, '/v1/responses', false);
    expect(live.lines).toBe(2 * CASES);
    expect(sim.stats.requests).toBe(2 * CASES);
    const total = summary.candidates.reduce((s, c) => s + c.costUsd!, 0);
    expect(total).toBeCloseTo(live.usd, 12);
    const high = summary.candidates.find((c) => c.id === 'mid-high/p')!;
    const plain = summary.candidates.find((c) => c.id === 'mid/p')!;
    expect(plain.tokens.reasoning).toBe(0);
    expect(high.tokens.reasoning).toBe(live.reasoning);
    expect(high.tokens.reasoning).toBeGreaterThan(CASES * 400);
    expect(high.tokens.cacheRead).toBeGreaterThan(0);
  });

  it('--batch: one /v1/responses batch per model at the batch price, nothing live', async () => {
    sim = await startSimServer({ latencyMs: 1, batchCompleteMs: 40 });
    const dir = await project(sim.openaiBaseURL);
    const r = await cli(['run', 'resp', '--batch', '--no-cache', '--out', 'out'], {
      cwd: dir,
      env: { TOLLGATE_BATCH_POLL_MS: '20' },
    });
    expect(r.code, r.err).toBe(0);
    expect(sim.stats.batches).toMatchObject({
      created: 2,
      lines: 2 * CASES,
      succeeded: 2 * CASES,
      failed: 0,
    });
    expect(served(sim, '/v1/responses', false).lines).toBe(0);
    const batched = served(sim, 'batch:/v1/responses', true);
    expect(batched.lines).toBe(2 * CASES);
    const { summary, records } = await readRun(join(dir, 'out'));
    for (const rec of records) expect(['passed', 'failed']).toContain(rec.status);
    expect(summary.candidates.reduce((s, c) => s + c.costUsd!, 0)).toBeCloseTo(batched.usd, 12);
    expect(summary.candidates.find((c) => c.id === 'mid-high/p')!.tokens.reasoning).toBe(batched.reasoning);
  });
});
