import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/errors.ts';
import { createAnthropicProvider } from '../../../src/providers/anthropic.ts';
import { createOpenAIProvider } from '../../../src/providers/openai.ts';
import { startSimServer } from '../../../src/providers/sim/server.ts';
import {
  anthropicBody,
  openaiBody,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

const req = {
  model: 'm',
  messages: [
    { role: 'system' as const, content: 'Be terse.' },
    { role: 'user' as const, content: 'What is 2 + 2?' },
  ],
  params: { temperature: 0, maxTokens: 32 },
};
const call = () => ({ signal: new AbortController().signal, timeoutMs: 5000 });

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('usage normalisation through the real SDKs', () => {
  it('OpenAI: prompt_tokens includes cached tokens; input excludes them; reasoning is part of output', async () => {
    server = await startScriptedServer([
      {
        body: openaiBody('4', {
          prompt_tokens: 100,
          completion_tokens: 20,
          total_tokens: 120,
          prompt_tokens_details: { cached_tokens: 40 },
          completion_tokens_details: { reasoning_tokens: 5 },
        }),
      },
    ]);
    const p = createOpenAIProvider({
      apiKey: 'test-openai-key-123456',
      baseURL: `${server.url}/v1`,
      apiKeyEnv: 'OPENAI_API_KEY',
    });
    const res = await p.chat(req, call());
    expect(res.text).toBe('4');
    expect(res.tokens).toEqual({ input: 60, cacheRead: 40, cacheWrite: 0, output: 20, reasoning: 5 });
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({
      model: 'm',
      max_tokens: 32,
      temperature: 0,
    });
  });

  it('Anthropic: input_tokens already excludes cache reads and writes', async () => {
    server = await startScriptedServer([
      {
        body: anthropicBody('4', {
          input_tokens: 50,
          output_tokens: 7,
          cache_read_input_tokens: 30,
          cache_creation_input_tokens: 10,
        }),
      },
    ]);
    const p = createAnthropicProvider({
      apiKey: 'test-anthropic-key-123456',
      baseURL: server.url,
      apiKeyEnv: 'ANTHROPIC_API_KEY',
    });
    const res = await p.chat({ ...req, promptCaching: true }, call());
    expect(res.tokens).toEqual({ input: 50, cacheRead: 30, cacheWrite: 10, output: 7, reasoning: 0 });
    const sent = JSON.parse(server.requests[0]!.body);
    expect(sent.system).toEqual([{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }]);
    expect(sent.messages).toEqual([{ role: 'user', content: 'What is 2 + 2?' }]);
  });

  it('missing usage fields count as zero, never NaN', async () => {
    server = await startScriptedServer([
      { body: openaiBody('ok', { prompt_tokens: 12, completion_tokens: 3 }) },
    ]);
    const p = createOpenAIProvider({ apiKey: 'k-123456', baseURL: `${server.url}/v1`, apiKeyEnv: null });
    expect((await p.chat(req, call())).tokens).toEqual({
      input: 12,
      cacheRead: 0,
      cacheWrite: 0,
      output: 3,
      reasoning: 0,
    });
  });

  it('a body with null content is a retryable malformed error that still carries its usage', async () => {
    server = await startScriptedServer([
      { body: openaiBody(null, { prompt_tokens: 9, completion_tokens: 0 }) },
    ]);
    const p = createOpenAIProvider({ apiKey: 'k-123456', baseURL: `${server.url}/v1`, apiKeyEnv: null });
    const err = await p.chat(req, call()).catch((e) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe('malformed');
    expect(err.retryable).toBe(true);
    expect(err.tokens).toEqual({ input: 9, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });
  });

  it('the simulator reports cached tokens on both APIs', async () => {
    const sim = await startSimServer({ latencyMs: 0 });
    try {
      const long =
        'You are a careful assistant who answers arithmetic questions with the number only. '.repeat(3);
      const r = {
        ...req,
        model: 'sim-mid',
        messages: [{ role: 'system' as const, content: long }, req.messages[1]!],
      };
      const o = await createOpenAIProvider({ apiKey: 'x', baseURL: sim.openaiBaseURL, apiKeyEnv: null }).chat(
        r,
        call(),
      );
      expect(o.text).toBe('4');
      expect(o.tokens.cacheRead).toBeGreaterThan(0);
      expect(o.tokens.cacheRead % 16).toBe(0);
      const a = await createAnthropicProvider({
        apiKey: 'x',
        baseURL: sim.anthropicBaseURL,
        apiKeyEnv: null,
      }).chat({ ...r, promptCaching: true }, call());
      expect(a.text).toBe('4');
      expect(a.tokens.cacheRead).toBeGreaterThan(0);
      expect(sim.stats.served.cacheRead).toBe(o.tokens.cacheRead + a.tokens.cacheRead);
      expect(sim.stats.served.input).toBe(o.tokens.input + a.tokens.input);
    } finally {
      await sim.close();
    }
  });
});

describe('a server that reports no usage', () => {
  const openaiNoUsage = {
    id: 'x',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'The answer is 4' }, finish_reason: 'stop' },
    ],
  };
  const anthropicNoUsage = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [{ type: 'text', text: 'The answer is 4' }],
    stop_reason: 'end_turn',
  };

  /** Runs a one-case suite against a server answering `body`; returns the run's files and output. */
  async function runAgainst(provider: 'openai' | 'anthropic', body: unknown, extra: string[] = []) {
    const { cli, tempProject } = await import('../../helpers/project.ts');
    const { readFile, readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const s = await startScriptedServer([{ body }]);
    try {
      const baseURL = provider === 'openai' ? `${s.url}/v1` : s.url;
      const dir = await tempProject({
        'datasets/d.jsonl': '{"id": "a", "question": "What is 2 + 2?", "expected": "4"}\n',
        'suites/n.yaml': `dataset: ../datasets/d.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels:\n  - { id: m, provider: ${provider}, model: m, baseURL: "${baseURL}", apiKeyEnv: K, price: { input: 1000, output: 2000 } }\nscorers: [{ type: includes }]\n`,
      });
      const r = await cli(['run', 'n', '--no-cache', ...extra], { cwd: dir, env: { K: 'k-123456' } });
      const runs = await readdir(join(dir, 'results', 'n'));
      const folder = join(dir, 'results', 'n', runs[0]!);
      const summary = JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8'));
      const record = JSON.parse((await readFile(join(folder, 'records.jsonl'), 'utf8')).split('\n')[0]!);
      const markdown = await readFile(join(folder, 'summary.md'), 'utf8');
      return { r, summary, record, markdown, requests: s.requests.length };
    } finally {
      await s.close();
    }
  }

  it('keeps the answer, counts its tokens locally, prices them and says so (OpenAI-compatible)', async () => {
    const { exactTokenizer: tk } = await import('../../../src/pricing/tokenizer.ts');
    const { r, summary, record, markdown, requests } = await runAgainst('openai', openaiNoUsage, [
      '--budget',
      '100',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(requests).toBe(1);
    const c = summary.candidates[0];
    expect(c.passed).toBe(1);
    // the chat-format count of the prompt sent, and the output received, with the estimate's tokenizer
    const input = 3 + 4 + tk.count('What is 2 + 2?');
    const output = tk.count('The answer is 4');
    expect(record.attemptLog[0]).toMatchObject({ usageEstimated: true, tokens: { input, output } });
    const cost = (input * 1000 + output * 2000) / 1e6;
    expect(c.costUsd).toBeCloseTo(cost, 12);
    expect(c.costPerSuccessUsd).toBeCloseTo(cost, 12);
    expect(summary.spentUsd.total).toBeCloseTo(cost, 12);
    expect(c.usageEstimatedAttempts).toBe(1);
    const warning = '1 attempt had no usage from the server; their tokens were counted locally';
    expect(r.out).toContain(warning);
    expect(markdown).toContain(warning);
  });

  it('likewise for an Anthropic-style server', async () => {
    const { r, summary, record } = await runAgainst('anthropic', anthropicNoUsage);
    expect(r.code, r.err).toBe(0);
    expect(summary.candidates[0].passed).toBe(1);
    expect(record.attemptLog[0].usageEstimated).toBe(true);
    expect(record.attemptLog[0].tokens.output).toBe(Math.ceil('The answer is 4'.length / 3));
    expect(summary.candidates[0].costUsd).toBeGreaterThan(0);
    expect(summary.candidates[0].usageEstimatedAttempts).toBe(1);
  });
});
