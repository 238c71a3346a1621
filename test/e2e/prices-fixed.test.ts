import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { arithmeticRows, quickSleep, tempProject } from '../helpers/project.ts';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';

/** A chat completion with fixed usage, answering the arithmetic question. */
function answer(body: string) {
  const [, a, b] = /What is (\d+) \+ (\d+)/.exec(body) ?? [];
  return {
    body: {
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'deepseek-chat',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: String(Number(a) + Number(b)) },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 200,
        total_tokens: 1200,
        prompt_tokens_details: { cached_tokens: 400 },
      },
    },
  };
}

/** Runs the suite with the clock starting at `iso` (and moving on in real time). */
async function runAt(dir: string, iso: string, out: string): Promise<number> {
  const start = Date.parse(iso);
  const t0 = Date.now();
  let err = '';
  const code = await runCli(['run', 's', '--no-cache', '--out', out, '--quiet'], {
    out: () => undefined,
    err: (s) => {
      err += s;
    },
    env: { K: 'k-123456' },
    cwd: dir,
    isTTY: false,
    color: false,
    signal: new AbortController().signal,
    sleep: quickSleep,
    now: () => start + (Date.now() - t0),
  });
  if (code !== 0 && code !== 1) throw new Error(err);
  return code;
}

const readJson = async (dir: string, file: string) => JSON.parse(await readFile(join(dir, file), 'utf8'));

describe('a DeepSeek run is priced the same at any hour', () => {
  let server: ScriptedServer;
  let dir: string;
  beforeAll(async () => {
    server = await startScriptedServer((_i, req) => answer(req.body));
    dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(4),
      'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: ds, provider: openai, model: deepseek-chat, baseURL: "${server.url}/v1", apiKeyEnv: K }
scorers: [{ type: numeric }]
concurrency: 1
`,
    });
  });
  afterAll(() => server.close());

  it('at 10:00 and 18:00 UTC (inside the old off-peak window): the same prices, tariffs and cost', async () => {
    await runAt(dir, '2026-12-03T10:00:00Z', 'day');
    await runAt(dir, '2026-12-03T18:00:00Z', 'night');
    const day = await readJson(dir, 'day/summary.json');
    const night = await readJson(dir, 'night/summary.json');

    expect(night.prices.models).toEqual(day.prices.models);
    expect(day.prices.models.ds).toMatchObject({ input: 0.28, cacheRead: 0.028, output: 0.42 });
    expect(day.prices.origins.ds).toEqual({
      source: 'override',
      asOf: '2026-12-03',
      ref: 'https://api-docs.deepseek.com/quick_start/pricing',
      pricedAt: (await readJson(dir, 'day/run.json')).startedAt,
    });
    expect(day.prices.origins.ds.pricedAt).toMatch(/^2026-12-03T10:00:00/);
    expect(night.prices.origins.ds.pricedAt).toMatch(/^2026-12-03T18:00:00/);
    expect(night.candidates[0].costUsd).toBe(day.candidates[0].costUsd);
    // 4 samples × (600 uncached × 0.28 + 400 cached × 0.028 + 200 × 0.42) / 1M
    expect(day.candidates[0].costUsd).toBeCloseTo((4 * (600 * 0.28 + 400 * 0.028 + 200 * 0.42)) / 1e6, 12);

    const tariffs = async (run: string) =>
      (await readFile(join(dir, run, 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .flatMap((l) => JSON.parse(l).attemptLog.map((a: { tariff: Record<string, unknown> }) => a.tariff));
    const [dayT, nightT] = [await tariffs('day'), await tariffs('night')];
    expect(dayT).toHaveLength(4);
    for (const t of [...dayT, ...nightT]) {
      expect(t).toMatchObject({
        model: 'deepseek-chat',
        input: 0.28,
        cacheRead: 0.028,
        output: 0.42,
        source: 'override',
      });
    }
  });
});

describe('a long Gemini 2.5 Pro prompt', () => {
  it('is billed at the upper context tier ($0.630 for 240k in, 2k out), and its tariff says so', async () => {
    const server = await startScriptedServer((_i, req) => {
      const r = answer(req.body);
      r.body.usage = { prompt_tokens: 240_000, completion_tokens: 2_000, total_tokens: 242_000 } as never;
      return r;
    });
    try {
      const dir = await tempProject({
        'datasets/q.jsonl': arithmeticRows(1),
        'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: pro, provider: openai, model: gemini-2.5-pro, baseURL: "${server.url}/v1", apiKeyEnv: K }
scorers: [{ type: numeric }]
`,
      });
      await runAt(dir, '2026-12-03T10:00:00Z', 'o');
      const summary = await readJson(dir, 'o/summary.json');
      expect(summary.candidates[0].costUsd).toBeCloseTo(0.63, 12);
      const record = JSON.parse((await readFile(join(dir, 'o/records.jsonl'), 'utf8')).trim());
      expect(record.attemptLog[0].tariff).toMatchObject({
        model: 'gemini-2.5-pro',
        input: 2.5,
        output: 15,
        tier: { above: 200_000 },
      });
    } finally {
      await server.close();
    }
  });
});
