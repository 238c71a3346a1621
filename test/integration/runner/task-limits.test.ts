/**
 * Per-task limits over real HTTP on the simulator: a task that loops is stopped by `limits` (its
 * next `model.chat` throws), the sample is a *failure* of kind `limit`, and everything it spent is
 * in its record, in the summary and in what the simulator served.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/config/load-suite.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import type { Summary } from '../../../src/log/summary-file.ts';
import { SIM_PRICES } from '../../../src/pricing/price-table.ts';
import { type SimServer, type SimServerOptions, startSimServer } from '../../../src/providers/sim/server.ts';
import { defaultRunDeps, runSuite } from '../../../src/runner/run-suite.ts';
import { tempProject } from '../../helpers/project.ts';

const SRC = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));

/** A TS suite over three arithmetic cases whose task is `task` (source text) under `limits`. */
function suiteText(task: string, limits: string, extra = ''): string {
  return `import { defineSuite } from ${JSON.stringify(SRC)};
export default defineSuite({
  dataset: [
    { id: 'a', question: 'What is 2 + 3?', expected: '5' },
    { id: 'b', question: 'What is 7 * 6?', expected: '42' },
    { id: 'c', question: 'What is 9 - 4?', expected: '5' },
  ],
  prompts: [{ id: 'p', user: '{{question}}' }],
  models: ['sim:sim-frontier'],
  scorers: [{ type: 'equals', field: 'expected' }],
  limits: ${limits},
  ${extra}
  task: ${task},
});
`;
}

/** Asks the same question for ever: only a limit ends it. */
const LOOP = `async ({ input, model }) => {
  for (;;) await model.chat([{ role: 'user', content: String(input.question) }]);
}`;

async function run(name: string, text: string, simOpts: SimServerOptions = { latencyMs: 0 }) {
  const sim: SimServer = await startSimServer(simOpts);
  const dir = await tempProject();
  await writeFile(join(dir, 'suites', `${name}.ts`), text);
  const records: SampleRecord[] = [];
  try {
    const suite = await loadSuite(name, dir);
    const { summary } = await runSuite(
      suite,
      { cacheMode: 'off', cacheDir: '', runId: name, budgetUsd: null },
      {
        ...defaultRunDeps,
        env: {},
        signal: new AbortController().signal,
        onRecord: (r) => records.push(r),
        sim,
      },
    );
    return { records, summary, served: sim.stats };
  } finally {
    await sim.close();
  }
}

/** Every record's cost is the sum of its attempts', and the candidate's is the sum of its records'. */
function expectFullSpend(records: SampleRecord[], summary: Summary): void {
  for (const r of records) {
    expect(r.costUsd).toBeGreaterThan(0);
    expect(r.costUsd).toBe(r.attemptLog.reduce((s, a) => s + (a.costUsd ?? 0), 0));
  }
  const total = records.reduce((s, r) => s + r.costUsd!, 0);
  expect(summary.candidates[0]!.costUsd).toBeCloseTo(total, 15);
}

describe('per-task limits', () => {
  let loop: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    loop = await run('loop', suiteText(LOOP, '{ maxCalls: 3 }'));
  });

  it('stops a looping task at maxCalls: a failure of kind limit, not an error', () => {
    const { records, summary } = loop;
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.status).toBe('failed');
      expect(r.error?.kind).toBe('limit');
      expect(r.error?.message).toContain('limits.maxCalls reached: 3 model calls made');
      expect(r.calls).toBe(3);
      expect(r.attempts).toBe(3);
      expect(r.scores).toEqual([]);
    }
    const c = summary.candidates[0]!;
    expect(c.limitHits).toBe(3);
    expect(c.failed).toBe(3);
    expect(c.errored).toBe(0);
    expect(c.scored).toBe(3);
    expect(c.accuracy).toBe(0);
    expect(c.coverage).toBe(1);
    expect(c.callsPerTaskP50).toBe(3);
    expect(c.callsPerTaskP95).toBe(3);
  });

  it('counts the stopped tasks’ spend in full: records, summary and what the simulator served agree', () => {
    const { records, summary, served } = loop;
    expectFullSpend(records, summary);
    const p = SIM_PRICES['sim-frontier']!;
    const byHand =
      (served.served.input * p.input +
        served.served.cacheRead * p.cacheRead +
        served.served.output * p.output) /
      1e6;
    expect(served.requests).toBe(9);
    expect(summary.candidates[0]!.costUsd).toBeCloseTo(byHand, 15);
    expect(summary.spentUsd.candidates).toBeCloseTo(byHand, 15);
  });

  it('stops at maxTokens and maxCostUsd once a call has reached them', async () => {
    // each call of this prompt uses about 20 tokens
    const tokens = await run('tok', suiteText(LOOP, '{ maxTokens: 50 }'));
    for (const r of tokens.records) {
      expect(r.error?.kind).toBe('limit');
      expect(r.error?.message).toContain('limits.maxTokens reached');
      const used = r.tokens.input + r.tokens.cacheRead + r.tokens.output;
      expect(used).toBeGreaterThanOrEqual(50);
      // the call before the last had not reached it
      const last = r.attemptLog.at(-1)!.tokens!;
      expect(used - (last.input + last.cacheRead + last.output)).toBeLessThan(50);
    }
    expectFullSpend(tokens.records, tokens.summary);
    const cost = await run('cost', suiteText(LOOP, '{ maxCostUsd: 0.0002 }'));
    for (const r of cost.records) {
      expect(r.error?.message).toContain('limits.maxCostUsd reached');
      expect(r.costUsd).toBeGreaterThanOrEqual(0.0002);
      expect(r.costUsd! - r.attemptLog.at(-1)!.costUsd!).toBeLessThan(0.0002);
    }
  });

  it('aborts the call in flight at timeoutMs and records its attempt', async () => {
    const started = Date.now();
    const slow = await run('slow', suiteText(LOOP, '{ timeoutMs: 150 }'), { latencyMs: 100 });
    expect(Date.now() - started).toBeLessThan(20_000);
    for (const r of slow.records) {
      expect(r.status).toBe('failed');
      expect(r.error?.message).toContain('limits.timeoutMs reached: the task ran for 150 ms');
      // the first call answered after 100 ms, the second was cut off at 150 ms
      expect(r.calls).toBe(2);
      expect(r.attemptLog[0]!.error).toBeNull();
      expect(r.attemptLog.at(-1)!.status).toBeNull();
    }
    expect(slow.summary.candidates[0]!.limitHits).toBe(3);
  });

  it('keeps a task that caught its limit error a limit failure, and lets a model override the suite', async () => {
    const CATCHES = `async ({ input, model }) => {
  let text = '';
  try {
    for (;;) text = (await model.chat([{ role: 'user', content: String(input.question) }])).text;
  } catch {
    return text;
  }
}`;
    const models = `models: ['sim:sim-frontier', { id: 'roomy', provider: 'sim', model: 'sim-mid', limits: { maxCalls: 5 } }],`;
    const text = suiteText(CATCHES, '{ maxCalls: 2 }').replace("models: ['sim:sim-frontier'],", models);
    const { records, summary } = await run('catches', text);
    for (const r of records) {
      expect(r.status).toBe('failed');
      expect(r.error?.kind).toBe('limit');
      expect(r.calls).toBe(r.model === 'roomy' ? 5 : 2);
    }
    expect(summary.candidates.map((c) => c.limitHits)).toEqual([3, 3]);
  });
});

describe('limits in a suite file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempProject({
      'datasets/d.jsonl': '{"id":"a","q":"What is 2 + 3?","expected":"5"}\n',
      'suites/y.yaml': `dataset: ../datasets/d.jsonl
prompts: [{ id: p, user: "{{q}}" }]
models:
  - sim:sim-mid
  - { id: big, provider: sim, model: sim-frontier, limits: { maxCalls: 4 } }
scorers: [{ type: includes }]
limits: { maxCalls: 8, maxCostUsd: 0.01, timeoutMs: 30000 }
`,
      'suites/bad.yaml': `dataset: ../datasets/d.jsonl
prompts: [{ id: p, user: "{{q}}" }]
models: [sim:sim-mid]
scorers: [{ type: includes }]
limits: { maxCalls: 0, maxTurns: 3 }
`,
    });
  });
  afterAll(() => undefined);

  it('resolves the suite’s limits under each model’s own', async () => {
    const suite = await loadSuite('y', dir);
    expect(suite.models.map((m) => m.limits)).toEqual([
      { maxCalls: 8, maxCostUsd: 0.01, timeoutMs: 30000 },
      { maxCalls: 4, maxCostUsd: 0.01, timeoutMs: 30000 },
    ]);
  });

  it('cuts a plain prompt’s call off at timeoutMs: a limit failure with its attempt recorded', async () => {
    const sim = await startSimServer({ latencyMs: 400 });
    try {
      const suite = await loadSuite('y', dir);
      const slow = { ...suite, models: suite.models.map((m) => ({ ...m, limits: { timeoutMs: 100 } })) };
      const slowSuite = {
        ...slow,
        candidates: slow.candidates.map((c, i) => ({ ...c, model: slow.models[i]! })),
      };
      const records: SampleRecord[] = [];
      await runSuite(
        slowSuite,
        { cacheMode: 'off', cacheDir: '', runId: 'plain', budgetUsd: null },
        {
          ...defaultRunDeps,
          env: {},
          signal: new AbortController().signal,
          onRecord: (r) => records.push(r),
          sim,
        },
      );
      expect(records).toHaveLength(2);
      for (const r of records) {
        expect(r.status).toBe('failed');
        expect(r.error?.message).toContain('limits.timeoutMs reached');
        expect(r.attemptLog).toHaveLength(1);
        expect(r.attemptLog[0]!.status).toBeNull();
      }
    } finally {
      await sim.close();
    }
  });

  it('rejects a bad limit with the file and the field path', async () => {
    const err = await loadSuite('bad', dir).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe('ConfigError');
    expect(err?.message).toContain('at limits.maxCalls');
    expect(err?.message).toContain('limits.maxTurns');
  });
});
