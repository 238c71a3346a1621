import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

const suite = (baseURL: string) => `
dataset: ../datasets/q.jsonl
prompts: [{ id: plain, user: "{{question}}" }]
models:
  - id: mid
    provider: openai
    model: sim-mid
    baseURL: ${baseURL}
    apiKeyEnv: SIM_KEY
    price: { input: 1, output: 2 }
scorers: [{ type: numeric, field: expected }]
`;

describe('a run refused before it sends anything', () => {
  it('leaves nothing in the way of the same command once the problem is fixed', async () => {
    const sim = await startSimServer({ latencyMs: 0 });
    try {
      const dir = await tempProject({
        'suites/s.yaml': suite(sim.openaiBaseURL),
        'datasets/q.jsonl': arithmeticRows(3),
      });
      const out = join(dir, 'out');
      const argv = ['run', 's', '--no-cache', '--quiet', '--out', out];
      const refused = await cli(argv, { cwd: dir, env: {} });
      expect(refused.code, refused.err).toBe(2);
      expect(refused.err).toContain('SIM_KEY');
      // --out names the folder: it stays, empty; without --out nothing is left under results/
      expect(await readdir(out)).toEqual([]);
      const noOut = await cli(['run', 's', '--no-cache', '--quiet'], { cwd: dir, env: {} });
      expect(noOut.code).toBe(2);
      expect(await readdir(join(dir, 'results', 's'))).toEqual([]);

      const again = await cli(argv, { cwd: dir, env: { SIM_KEY: 'k' } });
      expect(again.code, again.err).toBe(0);
      expect(await readdir(out)).toContain('summary.json');
    } finally {
      await sim.close();
    }
  });
});
