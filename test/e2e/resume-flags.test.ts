/** `--resume` finishes a run as it started: the flags that shaped it come from run.json. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';

const N = 40;
const env = { K: 'k-1' };
let sim: SimServer;
let dir: string;

beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 5 });
  dir = await tempProject({
    'suites/r.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: mid, provider: openai, model: sim-mid, baseURL: "${sim.openaiBaseURL}", apiKeyEnv: K, price: { input: 1, output: 2 } }
scorers: [{ type: numeric }]
concurrency: 2
`,
    'datasets/q.jsonl': arithmeticRows(N),
  });
  // a cached run first: every answer the resumed part needs is in the cache
  const warm = await cli(['run', 'r', '--quiet', '--out', 'warm'], { cwd: dir, env });
  expect(warm.code, warm.err).toBe(0);
});
afterAll(() => sim.close());

/** Runs with the given flags and interrupts it once `stopAt` records are written. */
async function interrupted(out: string, flags: string[], stopAt: number) {
  const ctrl = new AbortController();
  const timer = setInterval(async () => {
    const text = await readFile(join(dir, out, 'records.jsonl'), 'utf8').catch(() => '');
    if (text.split('\n').filter(Boolean).length >= stopAt) ctrl.abort(new Error('interrupted'));
  }, 2);
  const r = await cli(['run', 'r', '--quiet', '--out', out, ...flags], {
    cwd: dir,
    env,
    signal: ctrl.signal,
  });
  clearInterval(timer);
  return r;
}

describe('--resume restores the flags the run started with', () => {
  it('keeps --no-cache: the resumed part is sent, not served from the cache', async () => {
    const first = await interrupted('nocache', ['--no-cache'], 10);
    expect(first.code).toBe(130);
    const done = (await readRecords(join(dir, 'nocache'))).length;
    expect(done).toBeLessThan(N);
    sim.resetStats();
    const resumed = await cli(['run', '--resume', 'nocache', '--quiet'], { cwd: dir, env });
    expect(resumed.code, resumed.err).toBe(0);
    expect(sim.stats.requests).toBe(N - done);
    const records = await readRecords(join(dir, 'nocache'));
    expect(records).toHaveLength(N);
    expect(records.every((r) => r.cached === false)).toBe(true);
    const meta = JSON.parse(await readFile(join(dir, 'nocache', 'run.json'), 'utf8'));
    expect(meta.options.cacheMode).toBe('off');
  });

  it('refuses a flag that differs from run.json with exit 2, naming the recorded value', async () => {
    // sent, not cached: a run served from the cache can finish before it is interrupted
    const first = await interrupted('picky', ['--no-cache', '--sample', '30', '--concurrency', '1'], 5);
    expect(first.code).toBe(130);
    for (const [flags, recorded] of [
      [['--sample', '20'], '(30 in '],
      [['--concurrency', '4'], '(1 in '],
      [['--models', 'other'], '(not set in '],
      [['--replay'], '("off" in '],
    ] as const) {
      const r = await cli(['run', '--resume', 'picky', '--quiet', ...flags], { cwd: dir, env });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toContain(recorded);
      expect(r.err).toContain('Fix: drop the flag');
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    // the same value is no conflict, and the run finishes with what it started with
    const ok = await cli(['run', '--resume', 'picky', '--quiet', '--sample', '30'], { cwd: dir, env });
    expect(ok.code, ok.err).toBe(0);
    expect(await readRecords(join(dir, 'picky'))).toHaveLength(30);
  });

  it('keeps --allow-incomplete', async () => {
    const first = await interrupted('lenient', ['--no-cache', '--allow-incomplete'], 5);
    expect(first.code).toBe(130);
    const meta = JSON.parse(await readFile(join(dir, 'lenient', 'run.json'), 'utf8'));
    expect(meta.options.allowIncomplete).toBe(true);
    const resumed = await cli(['run', '--resume', 'lenient', '--quiet'], { cwd: dir, env });
    expect(resumed.code, resumed.err).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, 'lenient', 'summary.json'), 'utf8'));
    expect(summary.minCoverage).toBe(0);
  });
});
