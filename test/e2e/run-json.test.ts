/** `run --json` carries what a CI script needs: the run folder, why the run ended, the gate's verdicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

let sim: SimServer;
let dir: string;

beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 1 });
  dir = await tempProject({
    'suites/tiny.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
  - { id: mid, provider: openai, model: sim-mid, baseURL: "${sim.openaiBaseURL}", apiKeyEnv: K, price: { input: 1, output: 2 } }
scorers: [{ type: numeric }]
`,
    'datasets/q.jsonl': arithmeticRows(12),
  });
});
afterAll(() => sim.close());

describe('run --json', () => {
  it('prints the summary with the run folder, the exit reason and, with --gate, every verdict', async () => {
    const env = { K: 'k-1' };
    const base = await cli(['run', 'tiny', '--update-baseline', '--quiet', '--out', 'base'], {
      cwd: dir,
      env,
    });
    expect(base.code, base.err).toBe(0);
    const r = await cli(['run', 'tiny', '--gate', '--json', '--out', 'gated'], { cwd: dir, env });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Run folder: gated\n');
    const json = JSON.parse(r.out);
    expect(json.runFolder).toMatch(/gated$/);
    expect(json.exitReason).toBe('ok');
    expect(json.candidates.map((c: { id: string }) => c.id)).toEqual(['mid/p']);
    const checks = json.gate.verdicts.map((v: { candidate: string; check: string; status: string }) => [
      v.candidate,
      v.check,
      v.status,
    ]);
    expect(checks).toEqual(
      expect.arrayContaining([
        ['mid/p', 'accuracy', 'pass'],
        ['mid/p', 'cost', 'pass'],
      ]),
    );
    const accuracy = json.gate.verdicts.find((v: { check: string }) => v.check === 'accuracy');
    expect(accuracy.p).toBeGreaterThan(0);
    expect(accuracy.threshold).toBe(0.02);
    expect(accuracy.method).toBe('mcnemar-mid-p');
  });

  it('says null for the gate without --gate, and prints the run folder on stderr every time', async () => {
    const r = await cli(['run', 'tiny', '--json', '--out', 'plain'], { cwd: dir, env: { K: 'k-1' } });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('Run folder: plain\n');
    expect(JSON.parse(r.out).gate).toBeNull();
    const table = await cli(['run', 'tiny', '--out', 'table'], { cwd: dir, env: { K: 'k-1' } });
    expect(table.err).toContain('Run folder: table\n');
  });
});
