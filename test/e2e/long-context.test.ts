import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { startScriptedServer } from '../helpers/scripted-server.ts';

/** An Anthropic Messages answer to the arithmetic question, with a 250k-token prompt. */
function message(body: string) {
  const [, a, b] = /What is (\d+) \+ (\d+)/.exec(body) ?? [];
  return {
    body: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: String(Number(a) + Number(b)) }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 250_000, output_tokens: 1_000 },
    },
  };
}

const suite = (url: string, longContext: string) => `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: sonnet, provider: anthropic, model: claude-sonnet-4-5, baseURL: "${url}", apiKeyEnv: K${longContext} }
scorers: [{ type: numeric }]
concurrency: 1
`;

describe('longContext: true on a Claude model', () => {
  it("sends Anthropic's 1M-context beta header over HTTP, and bills the long prompt at the upper tier", async () => {
    const server = await startScriptedServer((_i, req) => message(req.body));
    try {
      const dir = await tempProject({
        'datasets/q.jsonl': arithmeticRows(2),
        'suites/long.yaml': suite(server.url, ', longContext: true'),
        'suites/plain.yaml': suite(server.url, ''),
      });
      const long = await cli(['run', 'long', '--no-cache', '--out', 'long'], {
        cwd: dir,
        env: { K: 'k-123456' },
      });
      expect(long.code, long.err).toBe(0);
      expect(server.requests).toHaveLength(2);
      for (const r of server.requests) expect(r.headers['anthropic-beta']).toBe('context-1m-2025-08-07');

      const plain = await cli(['run', 'plain', '--no-cache', '--out', 'plain'], {
        cwd: dir,
        env: { K: 'k-123456' },
      });
      expect(plain.code, plain.err).toBe(0);
      expect(server.requests).toHaveLength(4);
      for (const r of server.requests.slice(2)) expect(r.headers['anthropic-beta']).toBeUndefined();

      const record = JSON.parse((await readFile(join(dir, 'long', 'records.jsonl'), 'utf8')).split('\n')[0]!);
      expect(record.attemptLog[0].tariff).toMatchObject({ input: 6, output: 22.5, tier: { above: 200_000 } });
      // 250,000 × 6/1M + 1,000 × 22.5/1M per sample
      expect(record.costUsd).toBeCloseTo(1.5225, 12);
    } finally {
      await server.close();
    }
  });

  it('is refused on another provider at load time: exit 2, the field path and the fix', async () => {
    const dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(1),
      'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: gpt, provider: openai, model: gpt-4o-mini, apiKeyEnv: K, longContext: true }
scorers: [{ type: numeric }]
`,
    });
    const r = await cli(['run', 's', '--no-cache', '--out', 'o'], { cwd: dir, env: { K: 'k-123456' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('models.0.longContext');
    expect(r.err).toContain('longContext only on a model with provider: anthropic');
    expect(r.err).toContain('remove longContext from gpt');
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
