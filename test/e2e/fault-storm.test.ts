import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FAULTS } from '../../src/providers/sim/faults.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRun } from '../helpers/run-files.ts';

const N = 60;
let sim: SimServer;
let dir: string;

function suite(url: string, anthropicUrl: string): string {
  return `dataset: ../datasets/q.jsonl
prompts: [{ id: p, system: "You are a calculator. Reply with the number only, nothing else.", user: "{{question}}" }]
models:
  - { id: oa, provider: openai, model: sim-mid, baseURL: "${url}", apiKeyEnv: K, price: { input: 2, output: 8, cacheRead: 0.5 } }
  - { id: an, provider: anthropic, model: sim-budget, baseURL: "${anthropicUrl}", apiKeyEnv: K, price: { input: 1, output: 4 } }
params: { maxTokens: 32 }
scorers: [{ type: numeric }]
concurrency: 8
timeoutMs: 2000
# (well above a loaded machine's response time: a legitimate answer that times out was served but not recorded)
maxAttempts: 8
`;
}

beforeAll(async () => {
  sim = await startSimServer({
    latencyMs: 2,
    hangMs: 3000,
    faults: { rate: 0.2, seed: 11, kinds: ALL_FAULTS },
  });
  dir = await tempProject({
    'suites/storm.yaml': suite(sim.openaiBaseURL, sim.anthropicBaseURL),
    'datasets/q.jsonl': arithmeticRows(N),
  });
});
afterAll(async () => {
  await sim.close();
});

describe('fault storm: 20% of requests fail, every kind', () => {
  it('loses no sample and accounts exactly against the server', async () => {
    sim.resetStats();
    const r = await cli(['run', 'storm', '--no-cache', '--quiet', '--out', 'storm1'], {
      cwd: dir,
      env: { K: 'k-123456' },
    });
    expect(r.code, r.err).toBe(0);
    const { records, summary } = await readRun(join(dir, 'storm1'));
    expect(records).toHaveLength(2 * N);
    expect(new Set(records.map((x) => `${x.candidate}|${x.caseId}`)).size).toBe(2 * N);
    for (const x of records) {
      expect(['passed', 'failed', 'error']).toContain(x.status);
      expect(x.attempts).toBeGreaterThanOrEqual(1);
      if (x.status === 'error') {
        expect(x.error!.kind).toMatch(/rate_limit|server|timeout|connection|malformed/);
        expect(x.error!.message.length).toBeGreaterThan(0);
      }
    }
    const faults = Object.keys(sim.stats.faults);
    expect(faults.length).toBeGreaterThanOrEqual(8);
    const total = (k: 'input' | 'cacheRead' | 'output') =>
      summary.candidates.reduce((s, c) => s + c.tokens[k], 0);
    expect(total('input')).toBe(sim.stats.served.input);
    expect(total('cacheRead')).toBe(sim.stats.served.cacheRead);
    expect(total('output')).toBe(sim.stats.served.output);
    expect(summary.candidates.reduce((s, c) => s + c.requests, 0)).toBe(sim.stats.requests);
    expect(summary.candidates.reduce((s, c) => s + c.retries, 0)).toBe(sim.stats.requests - 2 * N);
  });

  it('Ctrl-C keeps what finished (exit 130) and --resume completes without re-sending it', async () => {
    sim.resetStats();
    const ctrl = new AbortController();
    const timer = setInterval(async () => {
      const text = await readFile(join(dir, 'storm2', 'records.jsonl'), 'utf8').catch(() => '');
      if (text.split('\n').filter(Boolean).length >= 30) ctrl.abort(new Error('interrupted'));
    }, 5);
    const first = await cli(['run', 'storm', '--no-cache', '--quiet', '--out', 'storm2'], {
      cwd: dir,
      env: { K: 'k-123456' },
      signal: ctrl.signal,
    });
    clearInterval(timer);
    expect(first.code).toBe(130);
    const part = await readRun(join(dir, 'storm2'));
    expect(part.summary.stoppedReason).toBe('interrupted');
    expect(part.records.length).toBeGreaterThanOrEqual(30);
    expect(part.records.length).toBeLessThan(2 * N);
    expect(await readdir(join(dir, 'storm2'))).toContain('report.html');

    sim.resetStats();
    const second = await cli(['run', '--resume', 'storm2', '--no-cache', '--quiet'], {
      cwd: dir,
      env: { K: 'k-123456' },
    });
    expect(second.code, second.err).toBe(0);
    const full = await readRun(join(dir, 'storm2'));
    expect(full.records).toHaveLength(2 * N);
    expect(new Set(full.records.map((x) => `${x.candidate}|${x.caseId}`)).size).toBe(2 * N);
    // the first part's records are untouched, and the resume sent only the new samples' attempts
    expect(full.records.slice(0, part.records.length)).toEqual(part.records);
    const added = full.records.slice(part.records.length);
    expect(sim.stats.requests).toBe(added.reduce((s, x) => s + x.attempts, 0));
    expect(full.summary.stoppedReason).toBeNull();
    expect(full.summary.candidates.reduce((s, c) => s + c.samples, 0)).toBe(2 * N);
  });

  it('the same storm through --batch: failed lines retried live, nothing lost, accounting exact', async () => {
    sim.resetStats();
    const r = await cli(['run', 'storm', '--batch', '--no-cache', '--quiet', '--out', 'storm3'], {
      cwd: dir,
      env: { K: 'k-123456', TOLLGATE_BATCH_POLL_MS: '20' },
    });
    expect(r.code, r.err).toBe(0);
    const { records, summary } = await readRun(join(dir, 'storm3'));
    expect(records).toHaveLength(2 * N);
    expect(new Set(records.map((x) => `${x.candidate}|${x.caseId}`)).size).toBe(2 * N);
    expect(sim.stats.batches.created).toBe(2);
    expect(sim.stats.batches.failed).toBeGreaterThan(0);
    for (const x of records) expect(['passed', 'failed', 'error']).toContain(x.status);
    const total = (k: 'input' | 'cacheRead' | 'output') =>
      summary.candidates.reduce((s, c) => s + c.tokens[k], 0);
    expect(total('input')).toBe(sim.stats.served.input);
    expect(total('cacheRead')).toBe(sim.stats.served.cacheRead);
    expect(total('output')).toBe(sim.stats.served.output);
    // lines that failed in the batch were retried as live requests, each one counted
    const retried = records.filter((x) => x.attempts > 1);
    expect(retried.length).toBeGreaterThanOrEqual(sim.stats.batches.failed);
  });
});
