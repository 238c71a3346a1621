import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { startScriptedServer } from '../helpers/scripted-server.ts';

describe('a budgeted run against a server that reports no usage', () => {
  it('spends what the locally counted tokens cost, and says why they were counted', async () => {
    const server = await startScriptedServer((_i, req) => {
      const [, a, b] = /What is (\d+) \+ (\d+)/.exec(req.body) ?? [];
      const content = String(Number(a) + Number(b));
      // no `usage` in the body
      return {
        body: {
          id: 'x',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        },
      };
    });
    try {
      const dir = await tempProject({
        'datasets/q.jsonl': arithmeticRows(20),
        'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: m, provider: openai, model: m, baseURL: "${server.url}/v1", apiKeyEnv: K, price: { input: 1000, output: 2000 } }
scorers: [{ type: numeric }]
concurrency: 1
`,
      });
      // each sample reserves about $1.05 (512 output tokens at $2000/M) and costs about $0.02
      const r = await cli(['run', 's', '--no-cache', '--out', 'o', '--budget', '1.5'], {
        cwd: dir,
        env: { K: 'k-123456' },
      });
      const summary = JSON.parse(await readFile(join(dir, 'o', 'summary.json'), 'utf8'));
      const c = summary.candidates[0];
      // before, every attempt's worst case stayed held: one sample, then "Spent $0 … Stopped: budget"
      expect(c.samples).toBeGreaterThan(5);
      expect(summary.spentUsd.total).toBeGreaterThan(0);
      expect(summary.spentUsd.total).toBeLessThanOrEqual(1.5);
      expect(c.usageEstimatedAttempts).toBe(c.requests);
      expect(r.out).toContain(
        `${c.requests} attempts had no usage from the server; their tokens were counted locally`,
      );
      expect(r.out).not.toMatch(/Spent \$0 /);
    } finally {
      await server.close();
    }
  });
});
