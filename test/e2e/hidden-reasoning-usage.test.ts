/**
 * Gemini's OpenAI-compatible endpoint may leave thought tokens out of `completion_tokens`; only
 * `total_tokens` shows them. The difference is billed as reasoning output and recorded.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../src/log/records-file.ts';
import { normaliseOpenAIUsage } from '../../src/providers/openai.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { openaiBody, startScriptedServer } from '../helpers/scripted-server.ts';

describe('usage whose total exceeds prompt plus completion', () => {
  it('normalises the difference into output and reasoning; a consistent total changes nothing', () => {
    expect(normaliseOpenAIUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 115 })).toEqual({
      input: 10,
      cacheRead: 0,
      cacheWrite: 0,
      output: 105,
      reasoning: 100,
    });
    expect(
      normaliseOpenAIUsage({
        prompt_tokens: 10,
        completion_tokens: 50,
        total_tokens: 60,
        completion_tokens_details: { reasoning_tokens: 40 },
      }),
    ).toEqual({ input: 10, cacheRead: 0, cacheWrite: 0, output: 50, reasoning: 40 });
    // a total below the sum (or none) is not a negative reasoning count
    expect(normaliseOpenAIUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 3 }).reasoning).toBe(
      0,
    );
  });

  it('bills the hidden tokens at the output price over real HTTP, and records them as reasoning', async () => {
    const server = await startScriptedServer((_i, req) => {
      const [, a, b] = /What is (\d+) \+ (\d+)/.exec(req.body) ?? [];
      // 300 thought tokens appear only in the total
      return {
        body: openaiBody(String(Number(a) + Number(b)), {
          prompt_tokens: 20,
          completion_tokens: 2,
          total_tokens: 322,
        }),
      };
    });
    try {
      const dir = await tempProject({
        'datasets/q.jsonl': arithmeticRows(3),
        'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: g, provider: openai, model: gemini-2.5-flash, baseURL: "${server.url}/v1", apiKeyEnv: K, price: { input: 1, output: 10 } }
scorers: [{ type: numeric }]
`,
      });
      const r = await cli(['run', 's', '--no-cache', '--out', 'o'], { cwd: dir, env: { K: 'k-123456' } });
      expect(r.code).toBe(0);
      const records = (await readFile(join(dir, 'o', 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SampleRecord);
      expect(records).toHaveLength(3);
      for (const rec of records) {
        expect(rec.tokens).toEqual({ input: 20, cacheRead: 0, cacheWrite: 0, output: 302, reasoning: 300 });
        expect(rec.attemptLog[0]!.tokens).toEqual(rec.tokens);
        // 20 prompt tokens at $1/M plus 302 output tokens at $10/M
        expect(rec.costUsd).toBeCloseTo((20 * 1 + 302 * 10) / 1e6, 15);
      }
      const summary = JSON.parse(await readFile(join(dir, 'o', 'summary.json'), 'utf8'));
      expect(summary.candidates[0].tokens.reasoning).toBe(900);
    } finally {
      await server.close();
    }
  });
});
