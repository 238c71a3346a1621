/**
 * `estimate` counts hidden reasoning tokens: from the cache when it holds the sample, from the
 * cached history's mean otherwise, else from the model's documented default; those not from the
 * cache are marked estimated. Cache hits are valued at the tariff they were bought at.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteEstimate } from '../../src/estimate/estimate-suite.ts';
import { reasoningDefault } from '../../src/estimate/reasoning-defaults.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { openaiBody, type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';

const params = { temperature: 0, maxTokens: 4096 };
const model = (name: string, extra: Record<string, unknown> = {}) => ({
  model: name,
  provider: 'openai' as const,
  params: { ...params, ...extra },
});

describe('the per-model reasoning defaults', () => {
  it('cover the o-series, gpt-5, deepseek-reasoner, Gemini 2.5 Pro and Flash, and Claude with thinking', () => {
    expect(reasoningDefault(model('o4-mini'))?.family).toBe('OpenAI o-series');
    expect(reasoningDefault(model('o3'))?.tokens).toBe(2048);
    expect(reasoningDefault(model('gpt-5-mini'))?.family).toBe('GPT-5 family');
    expect(reasoningDefault(model('deepseek-reasoner'))?.tokens).toBe(4096);
    expect(reasoningDefault(model('gemini-2.5-pro'))?.family).toBe('Gemini 2.5 Pro');
    expect(reasoningDefault(model('gemini-2.5-flash'))?.tokens).toBe(1024);
    expect(reasoningDefault(model('claude-sonnet-4-5', { thinking: { budgetTokens: 3000 } }))?.tokens).toBe(
      3000,
    );
    expect(reasoningDefault(model('claude-sonnet-4-5', { thinking: true }))?.tokens).toBe(1024);
    for (const plain of [
      'gpt-4o-mini',
      'gpt-5-chat-latest',
      'gemini-2.5-flash-lite',
      'claude-sonnet-4-5',
      'sim-mid',
      'deepseek-chat',
    ])
      expect(reasoningDefault(model(plain))).toBeNull();
    expect(reasoningDefault(model('claude-sonnet-4-5', { thinking: { type: 'disabled' } }))).toBeNull();
  });
});

describe('estimate on a reasoning model', () => {
  let server: ScriptedServer;
  let dir: string;
  const suite = (price: string, name = 'o4-mini', maxTokens = 4096) => `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: r, provider: openai, model: ${name}, baseURL: "${server.url}/v1", apiKeyEnv: K, price: ${price} }
params: { maxTokens: ${maxTokens} }
scorers: [{ type: numeric }]
`;
  const estimate = async (args: string[] = []): Promise<SuiteEstimate> => {
    const before = server.requests.length;
    const r = await cli(['estimate', 's', '--cache-dir', 'c', '--json', ...args], {
      cwd: dir,
      env: { K: 'k-1' },
    });
    expect(r.code).toBe(0);
    expect(server.requests.length).toBe(before);
    return JSON.parse(r.out) as SuiteEstimate;
  };

  beforeAll(async () => {
    server = await startScriptedServer((_i, req) => {
      const [, a, b] = /What is (\d+) \+ (\d+)/.exec(req.body) ?? [];
      return {
        body: openaiBody(String(Number(a) + Number(b)), {
          prompt_tokens: 20,
          completion_tokens: 302,
          total_tokens: 322,
          completion_tokens_details: { reasoning_tokens: 300 },
        }),
      };
    });
    dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(4),
      'suites/s.yaml': suite('{ input: 1, output: 10 }'),
    });
  });
  afterAll(() => server.close());

  it('with no history: the default per call, marked estimated, in --json and on the console', async () => {
    const e = await estimate();
    const c = e.candidates[0]!;
    expect(c.reasoningDefault).toMatchObject({ family: 'OpenAI o-series', tokens: 2048 });
    expect(c.reasoningTokens).toBe(4 * 2048);
    expect(c.reasoningFrom).toEqual({ cache: 0, history: 0, default: 4 });
    expect(c.reasoningEstimated).toBe(true);
    // the visible answer (the reference's tokens) plus the reasoning
    expect(c.outputTokens).toBeGreaterThan(c.reasoningTokens);
    expect(c.outputTokens).toBeLessThan(c.reasoningTokens + 4 * 10);
    // the worst case stays a full maxTokens reply per sample, above the expected cost
    expect(c.worstCaseUsd!).toBeGreaterThanOrEqual((4 * 4096 * 10) / 1e6);
    expect(c.worstCaseUsd!).toBeGreaterThan(c.expectedUsd!);
    const text = await cli(['estimate', 's', '--cache-dir', 'c'], { cwd: dir, env: { K: 'k-1' } });
    expect(text.out).toContain('of which reasoning');
    expect(text.out).toContain('~8,192');
    expect(text.out).toContain(
      'Reasoning tokens for r/p are estimated (hidden, billed as output, capped at maxTokens): 4 samples at the OpenAI o-series default of 2,048 per call',
    );
  });

  it('caps the default at maxTokens, which counts reasoning too', async () => {
    await writeFile(join(dir, 'suites/s.yaml'), suite('{ input: 1, output: 10 }', 'o4-mini', 256));
    const c = (await estimate()).candidates[0]!;
    expect(c.outputTokens).toBe(4 * 256);
    expect(c.reasoningTokens).toBeLessThanOrEqual(c.outputTokens);
    await writeFile(join(dir, 'suites/s.yaml'), suite('{ input: 1, output: 10 }'));
  });

  it('from the cache where it holds the sample, and from its history for the rest', async () => {
    const r = await cli(['run', 's', '--cache-dir', 'c', '--sample', '2', '--out', 'o'], {
      cwd: dir,
      env: { K: 'k-1' },
    });
    expect(r.code).toBe(0);
    const c = (await estimate()).candidates[0]!;
    expect(c.reasoningFrom).toEqual({ cache: 2, history: 2, default: 0 });
    expect(c.reasoningTokens).toBe(4 * 300);
    expect(c.outputTokens).toBe(4 * 302);
    // history is still an estimate
    expect(c.reasoningEstimated).toBe(true);
  });

  it('values cache hits at the tariff they were bought at: their cost as recorded, their spend $0', async () => {
    const r = await cli(['run', 's', '--cache-dir', 'c', '--out', 'all'], { cwd: dir, env: { K: 'k-1' } });
    expect(r.code).toBe(0);
    const records = (await readFile(join(dir, 'all', 'records.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SampleRecord);
    const paid = records.reduce((s, x) => s + x.costUsd!, 0);
    // the list price doubles after the answers were bought
    await writeFile(join(dir, 'suites/s.yaml'), suite('{ input: 2, output: 20 }'));
    const e = await estimate();
    const c = e.candidates[0]!;
    expect(c.cachedSamples).toBe(4);
    expect(c.reasoningEstimated).toBe(false);
    expect(c.expectedUsd).toBeCloseTo(paid, 15);
    expect(c.expectedSpendUsd).toBe(0);
    // a replay records the same cost
    const replay = await cli(
      ['run', 's', '--cache-dir', 'c', '--replay', '--out', 'rp', '--json', '--quiet'],
      {
        cwd: dir,
        env: { K: 'k-1' },
      },
    );
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out).candidates[0].costUsd).toBeCloseTo(c.expectedUsd!, 15);
  });
});
