/**
 * A run that did not measure what it claims never reads as a pass: interrupted, budget-stopped and
 * replay-miss runs, with --gate and --json, against a baseline of the full run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

const N = 60;
const env = { K: 'k-1' };
let sim: SimServer;
let dir: string;

interface GateJson {
  exitReason: string;
  runFolder: string;
  gate: { passed: boolean; verdicts: Array<{ status: string; check: string }> } | null;
  candidates: Array<{ id: string; coverage: number; incomplete: boolean }>;
}

beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 3 });
  dir = await tempProject({
    'suites/g.yaml': `dataset: ../datasets/q.jsonl
prompts:
  - { id: a, user: "{{question}}" }
  - { id: b, user: "Answer with the number only. {{question}}" }
models:
  - { id: mid, provider: openai, model: sim-mid, baseURL: "${sim.openaiBaseURL}", apiKeyEnv: K, price: { input: 1, output: 2 } }
scorers: [{ type: numeric }]
concurrency: 2
earlyStop: false
`,
    'datasets/q.jsonl': arithmeticRows(N),
  });
  // the baseline: prompt a only, so the cache holds prompt a's answers and none of prompt b's
  const base = await cli(['run', 'g', '--prompts', 'a', '--update-baseline', '--quiet', '--out', 'base'], {
    cwd: dir,
    env,
  });
  expect(base.code, base.err).toBe(0);
});
afterAll(() => sim.close());

const verdictsOf = (j: GateJson) => j.gate?.verdicts.map((v) => v.status) ?? [];

describe('partial runs with --gate --json', () => {
  it('a replay miss exits 2 and its gate is not a pass', async () => {
    const r = await cli(['run', 'g', '--replay', '--gate', '--json', '--out', 'replay'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('Gate passed');
    const j = JSON.parse(r.out) as GateJson;
    expect(j.exitReason).toBe('replay_miss');
    expect(j.gate?.passed).toBe(false);
    expect(verdictsOf(j)).not.toContain('fail');
    expect(verdictsOf(j)).toContain('inconclusive');
  });

  it('a budget stop exits 3 with an inconclusive gate', async () => {
    const r = await cli(
      ['run', 'g', '--prompts', 'a', '--no-cache', '--budget', '0.0004', '--gate', '--json', '--out', 'poor'],
      { cwd: dir, env },
    );
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out) as GateJson;
    expect(j.exitReason).toBe('budget');
    expect(j.candidates[0]!.incomplete).toBe(true);
    expect(j.gate?.passed).toBe(false);
    expect(verdictsOf(j)).toContain('inconclusive');
    expect(r.err).not.toContain('Gate passed');
  });

  it('an interrupt exits 130 with an inconclusive gate', async () => {
    const ctrl = new AbortController();
    const timer = setInterval(async () => {
      const text = await readFile(join(dir, 'cut', 'records.jsonl'), 'utf8').catch(() => '');
      if (text.split('\n').filter(Boolean).length >= 10) ctrl.abort(new Error('interrupted'));
    }, 2);
    const r = await cli(['run', 'g', '--prompts', 'a', '--no-cache', '--gate', '--json', '--out', 'cut'], {
      cwd: dir,
      env,
      signal: ctrl.signal,
    });
    clearInterval(timer);
    expect(r.code).toBe(130);
    const j = JSON.parse(r.out) as GateJson;
    expect(j.exitReason).toBe('interrupted');
    expect(j.gate?.passed).toBe(false);
    expect(verdictsOf(j)).toContain('inconclusive');
  });
});
