import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lookupPrice } from '../../src/pricing/price-table.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRun } from '../helpers/run-files.ts';
import { type LoggedCall, type StrictServer, startStrictServer } from '../helpers/strict-api-servers.ts';

let server: StrictServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const CASES = 6;
const ENV = { OPENAI_API_KEY: 'test-openai-key-123456', ANTHROPIC_API_KEY: 'test-anthropic-key-123456' };

/** A suite-level temperature 0 over o4-mini (default params), its high-effort twin, the Responses API and Claude thinking. */
function suiteYaml(url: string): string {
  return `
dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
params: { temperature: 0 }
models:
  - { id: o4-mini, provider: openai, model: o4-mini, baseURL: ${url}/v1 }
  - { id: o4-mini-high, provider: openai, model: o4-mini, baseURL: ${url}/v1, params: { reasoningEffort: high } }
  - { id: o4-mini-responses, provider: openai, model: o4-mini, api: responses, baseURL: ${url}/v1, params: { reasoningEffort: low } }
  - { id: sonnet-thinking, provider: anthropic, model: claude-sonnet-4-5, baseURL: ${url}, params: { thinking: { budgetTokens: 2048 } } }
scorers: [{ type: equals }]
`;
}

describe('reasoning models against servers that refuse what the real APIs refuse', () => {
  it('every sample is scored, and reasoning and thinking tokens are billed as output, exactly', async () => {
    server = await startStrictServer();
    const dir = await tempProject({
      'suites/r.yaml': suiteYaml(server.url),
      'datasets/q.jsonl': arithmeticRows(CASES),
    });
    const r = await cli(['run', 'r', '--quiet', '--no-cache', '--out', 'out'], { cwd: dir, env: ENV });
    expect(r.code, r.err).toBe(0);
    // nothing was refused: the suite's temperature never reached a reasoning model or thinking
    expect(server.calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(server.calls).toHaveLength(4 * CASES);
    for (const c of server.calls) expect(c.body.temperature).toBeUndefined();
    const thinking = server.calls.find((c) => c.path === '/v1/messages')!.body;
    expect(thinking).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 2048 + 512,
    });
    const responses = server.calls.find((c) => c.path === '/v1/responses')!.body;
    expect(responses).toMatchObject({ reasoning: { effort: 'low' }, max_output_tokens: 512 });

    const { summary, records } = await readRun(join(dir, 'out'));
    expect(records).toHaveLength(4 * CASES);
    for (const rec of records) expect(rec.status).toBe('passed');
    const byModel = (pathOf: (c: LoggedCall) => boolean) => server!.calls.filter(pathOf).map((c) => c.usage!);
    const expectations: Array<[string, string, ReturnType<typeof byModel>]> = [
      [
        'o4-mini/p',
        'openai:o4-mini',
        byModel((c) => c.path === '/v1/chat/completions' && !c.body.reasoning_effort),
      ],
      ['o4-mini-high/p', 'openai:o4-mini', byModel((c) => c.body.reasoning_effort === 'high')],
      ['o4-mini-responses/p', 'openai:o4-mini', byModel((c) => c.path === '/v1/responses')],
      ['sonnet-thinking/p', 'anthropic:claude-sonnet-4-5', byModel((c) => c.path === '/v1/messages')],
    ];
    for (const [id, model, usages] of expectations) {
      const [provider, name] = model.split(':') as [string, string];
      const price = lookupPrice(provider, name)!;
      const c = summary.candidates.find((x) => x.id === id)!;
      expect(usages).toHaveLength(CASES);
      expect(c.passed).toBe(CASES);
      const output = usages.reduce((s, u) => s + u.output, 0);
      const reasoning = usages.reduce((s, u) => s + u.reasoning, 0);
      expect(reasoning).toBeGreaterThan(0);
      expect(c.tokens.output).toBe(output);
      expect(c.tokens.reasoning).toBe(reasoning);
      // usage × price, by hand: the reasoning is inside the output tokens, priced as output
      const hand = usages.reduce((s, u) => s + (u.input * price.input + u.output * price.output) / 1e6, 0);
      expect(c.costUsd).toBeCloseTo(hand, 12);
      expect(Math.round(c.costUsd! * 100)).toBe(Math.round(hand * 100));
    }
    // more effort, more reasoning tokens, at the same price per token
    const cost = (id: string) => summary.candidates.find((x) => x.id === id)!.costUsd!;
    expect(cost('o4-mini-high/p')).toBeGreaterThan(cost('o4-mini/p'));
    expect(cost('o4-mini/p')).toBeGreaterThan(cost('o4-mini-responses/p'));
  });

  it('the same servers refuse a temperature sent to o4-mini and a budget over max_tokens (the check is real)', async () => {
    server = await startStrictServer();
    const post = (path: string, body: unknown) =>
      fetch(`${server!.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(await post('/v1/chat/completions', { model: 'o4-mini', temperature: 0, messages: [] })).toBe(400);
    expect(await post('/v1/chat/completions', { model: 'o4-mini', max_tokens: 5, messages: [] })).toBe(400);
    expect(await post('/v1/messages', { model: 'c', messages: [] })).toBe(400);
    expect(
      await post('/v1/messages', {
        model: 'c',
        max_tokens: 1024,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      }),
    ).toBe(400);
    expect(
      await post('/v1/messages', {
        model: 'c',
        max_tokens: 4096,
        temperature: 0,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      }),
    ).toBe(400);
  });

  it('a temperature set on a reasoning model itself is sent, with a warning, and the API refusal is reported', async () => {
    server = await startStrictServer();
    const dir = await tempProject({
      'suites/r.yaml': `
dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: o4-mini, provider: openai, model: o4-mini, baseURL: ${server.url}/v1, params: { temperature: 0 } }
scorers: [{ type: equals }]
maxAttempts: 1
`,
      'datasets/q.jsonl': arithmeticRows(2),
    });
    const r = await cli(['run', 'r', '--quiet', '--no-cache', '--out', 'out'], { cwd: dir, env: ENV });
    expect(r.err).toContain(
      'Warning: models.0 (o4-mini): o4-mini is a reasoning model, which may refuse `temperature`',
    );
    expect(r.code).not.toBe(0);
    expect(server.calls[0]!.status).toBe(400);
  });
});
