import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/log/summary-file.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRecords, readSummary } from '../helpers/run-files.ts';
import { type ScriptedServer, startScriptedServer } from '../helpers/scripted-server.ts';
import { fixtureProject, cli as spendCli } from '../helpers/spend.ts';

let down: ScriptedServer;
let sim: SimServer;
beforeAll(async () => {
  down = await startScriptedServer(() => ({
    status: 503,
    body: { error: { message: 'upstream unavailable: try later', type: 'server_error' } },
  }));
  sim = await startSimServer({ latencyMs: 1 });
});
afterAll(async () => {
  await down.close();
  await sim.close();
});

describe('a server that answers 503 to every request', () => {
  it('scores nothing: coverage 0, exit 3, the errors listed, and never "finished"', async () => {
    const dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(4),
      'suites/down.yaml':
        'dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\n' +
        `models:\n  - { id: m, provider: openai, model: gpt-x, baseURL: "${down.url}/v1", apiKeyEnv: K, price: { input: 1, output: 2 } }\n` +
        'scorers: [{ type: numeric }]\nmaxAttempts: 2\n',
    });
    const r = await cli(['run', 'down', '--no-cache', '--out', 'out'], { cwd: dir, env: { K: 'k-1' } });
    expect(r.code, r.err).toBe(3);
    const s = await readSummary(join(dir, 'out'));
    const c = s.candidates[0]!;
    expect(c).toMatchObject({
      samples: 4,
      errored: 4,
      scored: 0,
      notScored: 4,
      coverage: 0,
      incomplete: true,
    });
    expect(c.accuracy).toBeNull();
    expect(c.errorsByKind).toEqual({ server: 4 });
    expect(c.errorExamples?.server).toMatch(/upstream unavailable/);
    expect(s.recommendation.candidate).toBeNull();
    // the console lists the kind with its count and an example message
    expect(r.out).toMatch(/m\/p: server ×4, e\.g\. ".*upstream unavailable/);
    expect(r.out).toMatch(/m\/p is incomplete: coverage 0\.0% \(below 98%\)/);
    const html = await readFile(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('id="errors"');
    expect(html).toContain('Nothing was scored.');
    expect(html).not.toMatch(/>finished</);
    const md = await readFile(join(dir, 'out', 'summary.md'), 'utf8');
    expect(md).toContain('> [!CAUTION]\n> **Nothing was scored.**');
    expect(md).toMatch(/> - m\/p: server ×4, e\.g\. .*upstream unavailable/);
    expect(md).not.toContain('the run finished');
  });

  it('--allow-incomplete accepts it: exit 0, and the report still says coverage', async () => {
    const dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(2),
      'suites/down.yaml':
        'dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\n' +
        `models:\n  - { id: m, provider: openai, model: gpt-x, baseURL: "${down.url}/v1", apiKeyEnv: K, price: { input: 1, output: 2 } }\n` +
        'scorers: [{ type: numeric }]\nmaxAttempts: 1\n',
    });
    const r = await cli(['run', 'down', '--no-cache', '--out', 'out', '--allow-incomplete', '--json'], {
      cwd: dir,
      env: { K: 'k-1' },
    });
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as Summary;
    expect(s.minCoverage).toBe(0);
    expect(s.candidates[0]).toMatchObject({ coverage: 0, incomplete: false });
    expect(r.err).toMatch(/server ×2/);
  });
});

describe('a judged suite with a small budget, gated against itself', () => {
  it('does not count budget-stopped samples against accuracy, and the gate is inconclusive', async () => {
    const dir = await fixtureProject('spend-budget', sim);
    const full = await spendCli(
      ['run', 'budget-judge', '--quiet', '--out', 'full', '--update-baseline'],
      dir,
    );
    expect(full.code, full.err).toBe(0);
    const fullSummary = await readSummary(join(dir, 'full'));
    const r = await spendCli(
      ['run', 'budget-judge', '--json', '--no-cache', '--out', 'cut', '--budget', '0.06', '--gate'],
      dir,
    );
    expect(r.code, r.err).toBe(3);
    const s = JSON.parse(r.out) as Summary;
    expect(s.stoppedReason).toBe('budget');
    const c = s.candidates[0]!;
    // samples the budget cut short are not scored; accuracy is over the scored ones only
    expect(c.notScored).toBe(c.errorsByKind?.budget ?? 0);
    expect(c.accuracy).toBe(c.passed / c.scored!);
    // the samples it did score got the same verdicts as in the full run: nothing dragged down
    const fullStatus = new Map((await readRecords(join(dir, 'full'))).map((x) => [x.caseId, x.status]));
    const cut = (await readRecords(join(dir, 'cut'))).filter((x) => x.status !== 'error');
    expect(cut.length).toBe(c.scored);
    expect(cut.filter((x) => x.status !== fullStatus.get(x.caseId))).toEqual([]);
    expect(fullSummary.candidates[0]!.errored).toBe(0);
    expect(s.recommendation.provisional).toMatch(/^provisional: \d+ of \d+ samples$/);
    const gate = JSON.parse(await readFile(join(dir, 'cut', 'gate.json'), 'utf8'));
    expect(gate.counts.fail).toBe(0);
    expect(gate.counts.inconclusive).toBeGreaterThan(0);
    expect(gate.verdicts.filter((v: { check: string }) => v.check === 'accuracy')[0].status).toBe(
      'inconclusive',
    );
    expect(r.err).toMatch(/Gate inconclusive/);
  });
});

describe('an interrupted run', () => {
  it('labels its pick provisional, with N of M samples', async () => {
    const slow = await startSimServer({ latencyMs: 20 });
    try {
      const dir = await tempProject({
        'datasets/q.jsonl': arithmeticRows(40),
        'suites/s.yaml':
          'dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\n' +
          `models:\n  - { id: m, provider: openai, model: sim-frontier, baseURL: "${slow.openaiBaseURL}", apiKeyEnv: K, price: { input: 1, output: 2 } }\n` +
          'scorers: [{ type: numeric }]\nconcurrency: 2\n',
      });
      const ctrl = new AbortController();
      const timer = setInterval(async () => {
        const text = await readFile(join(dir, 'part', 'records.jsonl'), 'utf8').catch(() => '');
        if (text.split('\n').filter(Boolean).length >= 6) ctrl.abort(new Error('interrupted'));
      }, 5);
      const r = await cli(['run', 's', '--no-cache', '--out', 'part'], {
        cwd: dir,
        env: { K: 'k-1' },
        signal: ctrl.signal,
      });
      clearInterval(timer);
      expect(r.code).toBe(130);
      const s = await readSummary(join(dir, 'part'));
      expect(s.stoppedReason).toBe('interrupted');
      const ran = s.candidates[0]!.samples;
      expect(s.recommendation.provisional).toBe(`provisional: ${ran} of 40 samples`);
      if (s.recommendation.candidate) expect(r.out).toContain(`Pick (provisional: ${ran} of 40 samples):`);
      const md = await readFile(join(dir, 'part', 'summary.md'), 'utf8');
      if (s.recommendation.candidate) expect(md).toContain(`**Pick (provisional: ${ran} of 40 samples):`);
    } finally {
      await slow.close();
    }
  });
});
