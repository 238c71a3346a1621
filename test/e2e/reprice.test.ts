/**
 * `tollgate reprice RUN_DIR --prices FILE`: every cost recomputed from the recorded tokens under
 * other prices, with no requests, into a new folder. Spend is history and stays as recorded.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repriceRecord } from '../../src/analysis/reprice.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import type { ModelPrice } from '../../src/pricing/model-price.ts';
import type { Tokens } from '../../src/pricing/tokens.ts';
import { makeRecord } from '../helpers/fixture-run.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRun } from '../helpers/run-files.ts';

const SUITE = `name: rp
dataset: ../datasets/a.jsonl
prompts:
  - id: terse
    system: You are a careful calculator. Reply with the number only, with no words, no units and no working.
    user: "{{question}}"
models: [sim:sim-frontier, sim:sim-mid, sim:sim-budget]
params: { maxTokens: 32 }
scorers: [{ type: equals }]
qualityBar: 0.65
earlyStop: false
projection: { tasksPerDay: 1000 }
cascades:
  - id: cheap-first
    steps: [sim-budget/terse, sim-frontier/terse]
    escalateWhen: { type: regex, pattern: '^-?\\d+$' }
`;

const HALF = {
  asOf: '2027-01-01',
  source: 'half of everything',
  'sim-frontier': { input: 1.25, output: 5, cacheRead: 0.625, cacheWrite: 1.25 },
  'sim-mid': { input: 0.4, output: 2, cacheRead: 0.04, cacheWrite: 0.5 },
  'sim-budget': { input: 0.075, output: 0.3, cacheRead: 0.0375, cacheWrite: 0.075 },
};

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await readdir(dir)) out[f] = await readFile(join(dir, f), 'utf8');
  return out;
}

describe('tollgate reprice', () => {
  let project: string;
  let run: { summary: Summary; records: SampleRecord[] };
  let cachedRun: { summary: Summary; records: SampleRecord[] };
  let halved: { summary: Summary; records: SampleRecord[] };
  let before: Record<string, string>;

  beforeAll(async () => {
    project = await tempProject({
      'suites/rp.yaml': SUITE,
      'datasets/a.jsonl': arithmeticRows(20),
      'half.json': JSON.stringify(HALF),
    });
    const opts = { cwd: project };
    expect((await cli(['run', 'rp', '--cache-dir', 'cache', '--out', 'run', '--quiet'], opts)).code).toBe(0);
    // the same run again, all from the response cache: cost at list price, spend $0
    expect((await cli(['run', 'rp', '--cache-dir', 'cache', '--out', 'cached', '--quiet'], opts)).code).toBe(
      0,
    );
    run = await readRun(join(project, 'run'));
    cachedRun = await readRun(join(project, 'cached'));
    before = await snapshot(join(project, 'run'));
    const r = await cli(['reprice', 'run', '--prices', 'half.json'], opts);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Repriced 60 record(s) of run → run-repriced-1');
    halved = await readRun(join(project, 'run-repriced-1'));
  });

  it('halving every price halves every cost exactly, and keeps spend as recorded', () => {
    expect(halved.records).toHaveLength(run.records.length);
    for (const [i, r] of run.records.entries()) {
      const h = halved.records[i]!;
      expect(h.costUsd).toBe(r.costUsd! / 2);
      expect(h.spentUsd).toBe(r.spentUsd);
      expect(h.tokens).toEqual(r.tokens);
      expect(h.status).toBe(r.status);
      h.attemptLog.forEach((a, j) => {
        expect(a.costUsd).toBe(r.attemptLog[j]!.costUsd! / 2);
        expect(a.spentUsd).toBe(r.attemptLog[j]!.spentUsd);
      });
    }
    for (const [i, c] of run.summary.candidates.entries()) {
      const h = halved.summary.candidates[i]!;
      expect(h.id).toBe(c.id);
      expect(h.costUsd).toBe(c.costUsd! / 2);
      expect(h.costPerSuccessUsd).toBe(c.costPerSuccessUsd! / 2);
      expect(h.costPerSampleUsd).toBe(c.costPerSampleUsd! / 2);
      expect(h.projectedMonthlyUsd).toBe(c.projectedMonthlyUsd! / 2);
      expect(h.calculator!.apiMonthlyUsd).toBe(c.calculator!.apiMonthlyUsd! / 2);
      expect(h.cachingSavedUsd).toBe(c.cachingSavedUsd! / 2);
      expect(h.spentUsd).toBe(c.spentUsd);
      expect(h.accuracy).toBe(c.accuracy);
      expect(h.onFrontier).toBe(c.onFrontier);
    }
    expect(halved.summary.cascades![0]!.costUsd).toBe(run.summary.cascades![0]!.costUsd! / 2);
    expect(halved.summary.cascades![0]!.costPerSuccessUsd).toBe(
      run.summary.cascades![0]!.costPerSuccessUsd! / 2,
    );
    expect(halved.summary.oracle!.costUsd).toBe(run.summary.oracle!.costUsd! / 2);
    expect(halved.summary.spentUsd).toEqual(run.summary.spentUsd);
    expect(halved.summary.recommendation.candidate).toBe(run.summary.recommendation.candidate);
  });

  it('records the new prices, where they came from, and the run it was repriced from', () => {
    const p = halved.summary.prices;
    expect(p.asOf).toBe('2027-01-01');
    expect(p.source).toContain('half of everything');
    expect(p.source).toContain(`reprice of ${run.summary.runId}`);
    expect(p.models['sim-mid']).toEqual({
      input: 0.4,
      output: 2,
      cacheRead: 0.04,
      cacheWrite: 0.5,
      batchDiscount: 0.5,
    });
    expect(halved.summary.repriced).toMatchObject({
      from: join(project, 'run'),
      pricesFile: join(project, 'half.json'),
    });
    expect(halved.summary.runId).toBe('run-repriced-1');
  });

  it('never touches the original run, and writes every report in the new folder', async () => {
    expect(await snapshot(join(project, 'run'))).toEqual(before);
    const files = await readdir(join(project, 'run-repriced-1'));
    for (const f of [
      'records.jsonl',
      'summary.json',
      'cases.jsonl',
      'run.json',
      'report.html',
      'summary.csv',
      'cases.csv',
      'summary.md',
      'cascades.csv',
    ]) {
      expect(files).toContain(f);
    }
    const md = await readFile(join(project, 'run-repriced-1', 'summary.md'), 'utf8');
    expect(md).toMatch(/prices used: .*prices file half\.json as of 2027-01-01/);
  });

  it('reprices cached samples too: their cost changes, their $0 spend does not', async () => {
    const r = await cli(['reprice', 'cached', '--prices', 'half.json', '--out', 'cached-half'], {
      cwd: project,
    });
    expect(r.code).toBe(0);
    const h = await readRun(join(project, 'cached-half'));
    for (const [i, rec] of cachedRun.records.entries()) {
      expect(rec.cached).toBe(true);
      expect(h.records[i]!.spentUsd).toBe(0);
      expect(h.records[i]!.costUsd).toBe(rec.costUsd! / 2);
    }
  });

  it('matches a hand computation from the recorded tokens; unlisted models keep their costs', async () => {
    await writeFile(join(project, 'mid.yaml'), 'sim-mid: { input: 0.3, output: 1.7 }\n');
    const r = await cli(['reprice', 'run', '--prices', 'mid.yaml'], { cwd: project });
    expect(r.code).toBe(0);
    // the file leaves the cache prices out: the run's are kept, and said, never the input price silently
    const old = run.summary.prices.models['sim-mid']!;
    expect(r.err).toContain(`sim-mid sets no cacheRead; kept the run's $${old.cacheRead}/1M`);
    expect(r.err).toContain(`sim-mid sets no cacheWrite; kept the run's $${old.cacheWrite}/1M`);
    const out = await readRun(join(project, 'run-repriced-2')); // the next free N
    const price: ModelPrice = {
      input: 0.3,
      output: 1.7,
      cacheRead: old.cacheRead,
      cacheWrite: old.cacheWrite,
      batchDiscount: 0.5,
    };
    const byHand = (t: Tokens) =>
      (t.input * 0.3 + t.cacheRead * old.cacheRead + t.cacheWrite * old.cacheWrite + t.output * 1.7) / 1e6;
    let midCost = 0;
    for (const [i, rec] of run.records.entries()) {
      const got = out.records[i]!;
      if (rec.model !== 'sim-mid') {
        expect(got).toEqual(rec);
        continue;
      }
      expect(rec.tokens.cacheRead).toBeGreaterThan(0);
      const expected = rec.attemptLog.reduce((s, a) => s + byHand(a.tokens!), 0);
      expect(got.costUsd).toBeCloseTo(expected, 15);
      expect(got.costUsd).not.toBe(rec.costUsd);
      midCost += got.costUsd!;
    }
    expect(out.summary.prices.models['sim-mid']).toEqual(price);
    expect(out.summary.prices.models['sim-frontier']).toEqual(run.summary.prices.models['sim-frontier']);
    const mid = out.summary.candidates.find((c) => c.id === 'sim-mid/terse')!;
    expect(mid.costUsd).toBeCloseTo(midCost, 15);
    expect(mid.costPerSuccessUsd).toBeCloseTo(midCost / mid.passed, 15);
    // cache reads keep their discount, so caching still saves
    expect(mid.cachingSavedUsd).toBeGreaterThan(0);
    const frontier = out.summary.candidates.find((c) => c.id === 'sim-frontier/terse')!;
    expect(frontier.costUsd).toBe(run.summary.candidates.find((c) => c.id === frontier.id)!.costUsd);
  });

  it('recomputes the frontier and the pick under the new prices', async () => {
    await writeFile(
      join(project, 'cheap-frontier.json'),
      JSON.stringify({ 'sim-frontier': { input: 0.01, output: 0.01, cacheRead: 0.01, cacheWrite: 0.01 } }),
    );
    const r = await cli(['reprice', 'run', '--prices', 'cheap-frontier.json', '--out', 'cheap'], {
      cwd: project,
    });
    expect(r.code).toBe(0);
    const out = await readRun(join(project, 'cheap'));
    expect(run.summary.recommendation.candidate).toBe('sim-mid/terse');
    expect(out.summary.recommendation.candidate).toBe('sim-frontier/terse');
    const onFrontier = (s: Summary) => s.candidates.filter((c) => c.onFrontier).map((c) => c.id);
    expect(onFrontier(run.summary)).toContain('sim-mid/terse');
    expect(onFrontier(out.summary)).toEqual(['sim-frontier/terse']);
    expect(r.out).toMatch(/Pick: sim-frontier\/terse/);
  });

  it('refuses bad input with exit 2, the file and the field path', async () => {
    const opts = { cwd: project };
    await writeFile(
      join(project, 'bad.json'),
      JSON.stringify({ 'sim-mid': { input: 'cheap' }, 'sim-budget': { input: 1, outptu: 2 } }),
    );
    const bad = await cli(['reprice', 'run', '--prices', 'bad.json'], opts);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      `${join(project, 'bad.json')} at sim-mid.input: Expected a number, got the string "cheap"`,
    );
    expect(bad.err).toContain('at sim-mid.output');
    expect(bad.err).toContain('at sim-budget.outptu');
    expect(bad.err).toContain('did you mean "output"?');

    await writeFile(join(project, 'other.json'), JSON.stringify({ 'gpt-4o': { input: 2.5, output: 10 } }));
    const other = await cli(['reprice', 'run', '--prices', 'other.json'], opts);
    expect(other.code).toBe(2);
    expect(other.err).toContain(
      'to price at least one model of the run (sim-frontier, sim-mid, sim-budget), got only gpt-4o',
    );

    expect((await cli(['reprice', 'run'], opts)).code).toBe(2); // --prices is required
    const missing = await cli(['reprice', 'run', '--prices', 'nope.json'], opts);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Expected a readable prices file, got ENOENT');
    const notRun = await cli(['reprice', 'nowhere', '--prices', 'half.json'], opts);
    expect(notRun.code).toBe(2);
    const taken = await cli(['reprice', 'run', '--prices', 'half.json', '--out', 'run'], opts);
    expect(taken.code).toBe(2);
    expect(taken.err).toContain('Expected --out to be a new or empty folder');
  });
});

describe('repriceRecord', () => {
  const old: Record<string, ModelPrice | null> = {
    small: { input: 1, output: 2, cacheRead: 0.5, cacheWrite: 1, batchDiscount: 0.5 },
    judge: { input: 3, output: 6, cacheRead: 3, cacheWrite: 3, batchDiscount: 0.5 },
  };
  const next = {
    small: { input: 2, output: 4, cacheRead: 1, cacheWrite: 2, batchDiscount: 0.5 },
    judge: { input: 30, output: 60, cacheRead: 30, cacheWrite: 30, batchDiscount: 0.5 },
  };
  const t = (input: number, output: number): Tokens => ({
    input,
    cacheRead: 0,
    cacheWrite: 0,
    output,
    reasoning: 0,
  });
  const attempt = (
    tokens: Tokens | null,
    costUsd: number,
    ledger: 'candidate' | 'judge',
    cached = false,
  ) => ({
    status: tokens ? 200 : 503,
    latencyMs: 1,
    tokens,
    costUsd,
    spentUsd: cached ? 0 : costUsd,
    cached,
    error: null,
    ledger,
  });

  it('reprices candidate and judge attempts, keeps batch billing and spend, and leaves no-usage attempts alone', () => {
    const r = makeRecord({
      candidate: 'small/p',
      caseId: 'c1',
      status: 'passed',
      costUsd: 0.0005 + 0 + 0.00025,
      spentUsd: 0.0005 + 0 + 0.00025,
      judge: { attempts: 1, tokens: t(100, 10), costUsd: 0.00036, spentUsd: 0.00036 },
      attemptLog: [
        attempt(t(100, 200), 0.0005, 'candidate'), // list price: (100×1 + 200×2)/1M
        attempt(null, 0, 'candidate'), // a 503 that reported no usage
        attempt(t(100, 200), 0.00025, 'candidate'), // batch price: half
        attempt(t(100, 10), 0.00036, 'judge'), // (100×3 + 10×6)/1M
      ],
    });
    const out = repriceRecord(r, { old, next, candidateModels: new Set(['small']), batch: false });
    expect(out.attemptLog.map((a) => a.costUsd)).toEqual([0.001, 0, 0.0005, 0.0036]);
    expect(out.attemptLog.map((a) => a.spentUsd)).toEqual(r.attemptLog.map((a) => a.spentUsd));
    expect(out.costUsd).toBeCloseTo(0.0015, 15);
    expect(out.spentUsd).toBe(r.spentUsd);
    expect(out.judge).toEqual({ ...r.judge, costUsd: 0.0036 });
    // nothing listed for this record's models: the very same record comes back
    expect(repriceRecord(r, { old, next: {}, candidateModels: new Set(['small']), batch: false })).toBe(r);
  });
});
