import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/load-suite.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import { startSimServer } from '../../src/providers/sim/server.ts';
import { runSuite } from '../../src/runner/run-suite.ts';
import { FAST_FAULTS } from '../helpers/faults.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

const PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

function suiteYaml(baseURL: string, extra = ''): string {
  return `
dataset: ../datasets/q.jsonl
prompts:
  - id: plain
    system: You are a calculator. Reply with the number only, nothing else at all, please.
    user: "{{question}}"
models:
  - id: mid
    provider: openai
    model: sim-mid
    baseURL: ${baseURL}
    apiKeyEnv: SIM_KEY
    price: { input: ${PRICE.input}, output: ${PRICE.output}, cacheRead: ${PRICE.cacheRead}, cacheWrite: ${PRICE.cacheWrite} }
  - id: budget
    provider: openai
    model: sim-budget
    baseURL: ${baseURL}
    apiKeyEnv: SIM_KEY
    price: { input: 0.5, output: 1.5 }
params: { maxTokens: 32 }
scorers: [{ type: numeric, field: expected }]
maxAttempts: 6
timeoutMs: 300
${extra}`;
}

describe('accounting under injected faults', () => {
  it('tokens, requests, retries and cost equal what the server saw, exactly', async () => {
    const sim = await startSimServer({
      latencyMs: 1,
      hangMs: 2000,
      apiKey: 'sim-secret-key-123',
      faults: {
        rate: 0.25,
        seed: 7,
        kinds: FAST_FAULTS,
      },
    });
    try {
      const dir = await tempProject({
        'suites/acct.yaml': suiteYaml(sim.openaiBaseURL),
        'datasets/q.jsonl': arithmeticRows(60),
      });
      const suite = await loadSuite('acct', dir);
      const records: SampleRecord[] = [];
      const { summary } = await runSuite(
        suite,
        { cacheMode: 'off', cacheDir: join(dir, 'cache'), runId: 't', concurrency: 6 },
        {
          env: { SIM_KEY: 'sim-secret-key-123' },
          signal: new AbortController().signal,
          now: () => performance.now(),
          random: () => 0.5,
          sleep: async () => {},
          onRecord: (r) => records.push(r),
        },
      );
      // nothing lost: every planned sample has exactly one record
      expect(records).toHaveLength(120);
      expect(new Set(records.map((r) => `${r.candidate}|${r.caseId}`)).size).toBe(120);
      for (const r of records) {
        expect(['passed', 'failed', 'error']).toContain(r.status);
        if (r.status === 'error') expect(r.error?.kind).toBeTruthy();
        expect(r.attempts).toBe(r.attemptLog.length);
      }
      expect(Object.values(sim.stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

      const sum = (k: 'input' | 'cacheRead' | 'cacheWrite' | 'output') =>
        summary.candidates.reduce((s, c) => s + c.tokens[k], 0);
      expect(sum('input')).toBe(sim.stats.served.input);
      expect(sum('cacheRead')).toBe(sim.stats.served.cacheRead);
      expect(sum('output')).toBe(sim.stats.served.output);
      const requests = summary.candidates.reduce((s, c) => s + c.requests, 0);
      const retries = summary.candidates.reduce((s, c) => s + c.retries, 0);
      expect(requests).toBe(sim.stats.requests);
      expect(retries).toBe(sim.stats.requests - 120);

      // cost by hand, per model, from the server's own log
      const hand = (model: string, p: { input: number; output: number; cacheRead: number }) =>
        sim.stats.log
          .filter((e) => e.model === model && e.tokens)
          .reduce(
            (s, e) =>
              s +
              (e.tokens!.input * p.input + e.tokens!.cacheRead * p.cacheRead + e.tokens!.output * p.output) /
                1e6,
            0,
          );
      const mid = summary.candidates.find((c) => c.id === 'mid/plain')!;
      const budget = summary.candidates.find((c) => c.id === 'budget/plain')!;
      expect(mid.costUsd).toBeCloseTo(hand('sim-mid', PRICE), 12);
      expect(budget.costUsd).toBeCloseTo(hand('sim-budget', { input: 0.5, output: 1.5, cacheRead: 0.5 }), 12);
      expect(summary.spentUsd.candidates).toBeCloseTo(
        hand('sim-mid', PRICE) + hand('sim-budget', { input: 0.5, output: 1.5, cacheRead: 0.5 }),
        12,
      );
      // cost per success is cost / passed, and null only without successes
      expect(mid.costPerSuccessUsd).toBeCloseTo(mid.costUsd! / mid.passed, 15);
    } finally {
      await sim.close();
    }
  });

  it('a model the endpoint does not have (404) stops that candidate (exit 3), others run', async () => {
    const sim = await startSimServer({ latencyMs: 0, apiKey: 'right-key-123456' });
    try {
      const yaml = suiteYaml(sim.openaiBaseURL).replace('model: sim-budget', 'model: sim-nope');
      expect(yaml).toContain('sim-nope');
      const dir = await tempProject({ 'suites/acct.yaml': yaml, 'datasets/q.jsonl': arithmeticRows(30) });
      const r = await cli(['run', 'acct', '--no-cache', '--concurrency', '1', '--quiet'], {
        cwd: dir,
        env: { SIM_KEY: 'right-key-123456' },
      });
      expect(r.code, r.out + r.err).toBe(3);
      const runDir = r.out.match(/Reports: (\S+)\/report\.html/)![1]!;
      const summary = JSON.parse(await readFile(join(dir, runDir, 'summary.json'), 'utf8'));
      expect(summary.stoppedReason).toBe('candidate_failed');
      const budget = summary.candidates.find((c: { id: string }) => c.id === 'budget/plain');
      expect(budget.stopError).toMatchObject({ kind: 'bad_request', status: 404 });
      expect(budget.samples).toBe(1);
      expect(summary.candidates.find((c: { id: string }) => c.id === 'mid/plain').samples).toBe(30);
    } finally {
      await sim.close();
    }
  });

  it('a 401 stops that candidate with a message naming the key variable (exit 3), others run', async () => {
    const sim = await startSimServer({ latencyMs: 0, apiKey: 'right-key-123456' });
    try {
      const yaml = suiteYaml(sim.openaiBaseURL).replace(
        /(model: sim-budget\n\s+baseURL: \S+\n\s+apiKeyEnv:) SIM_KEY/,
        '$1 WRONG_KEY',
      );
      expect(yaml).toContain('WRONG_KEY');
      const dir = await tempProject({ 'suites/acct.yaml': yaml, 'datasets/q.jsonl': arithmeticRows(30) });
      const r = await cli(['run', 'acct', '--no-cache', '--concurrency', '1', '--quiet'], {
        cwd: dir,
        env: { SIM_KEY: 'right-key-123456', WRONG_KEY: 'wrong-key-654321' },
      });
      expect(r.code, r.out + r.err).toBe(3);
      expect(r.out).toContain('$WRONG_KEY');
      expect(r.out + r.err).not.toContain('wrong-key-654321');
      const runDir = r.out.match(/Reports: (\S+)\/report\.html/)![1]!;
      const summary = JSON.parse(await readFile(join(dir, runDir, 'summary.json'), 'utf8'));
      expect(summary.stoppedReason).toBe('candidate_failed');
      const budget = summary.candidates.find((c: { id: string }) => c.id === 'budget/plain');
      expect(budget.stopError.kind).toBe('auth');
      expect(budget.samples).toBe(1);
      expect(summary.candidates.find((c: { id: string }) => c.id === 'mid/plain').samples).toBe(30);
    } finally {
      await sim.close();
    }
  });
});
