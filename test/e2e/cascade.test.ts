/**
 * Cascades are simulated from the recorded per-case results: step 1 answers unless its output fails
 * the runtime check (or it errored), and the cost is the steps actually taken. The oracle router
 * takes, per case, the cheapest candidate that passed.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CascadeSpec,
  createCascadeCollector,
  oracleCase,
  passesCheck,
  type StepResult,
  simulateCase,
} from '../../src/analysis/cascade.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { wilson } from '../../src/stats/wilson.ts';
import { makeCandidate, makeRecord } from '../helpers/fixture-run.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA = {
  type: 'object',
  required: ['sentiment'],
  additionalProperties: false,
  properties: { sentiment: { enum: ['positive', 'negative', 'neutral'] } },
};

describe('runtime checks', () => {
  const rec = (output: string | null, status: 'passed' | 'failed' | 'error' = 'failed') => ({
    status,
    output,
    scores: [],
  });

  it('regex: matches the trimmed output', () => {
    const check = { type: 'regex' as const, pattern: '^(-?\\d+|positive|negative|neutral)$' };
    expect(passesCheck(check, rec(' 42\n'))).toBe(true);
    expect(passesCheck(check, rec('neutral'))).toBe(true);
    expect(passesCheck(check, rec('The answer is 42'))).toBe(false);
    expect(passesCheck({ ...check, flags: 'i' }, rec('NEUTRAL'))).toBe(true);
  });

  it('jsonSchema: parses and validates, and prose around JSON fails', () => {
    const check = { type: 'jsonSchema' as const, schema: SCHEMA };
    expect(passesCheck(check, rec('{"sentiment":"positive"}'))).toBe(true);
    expect(passesCheck(check, rec('Here is the JSON you asked for:\n{"sentiment":"positive"}'))).toBe(false);
    expect(passesCheck(check, rec('{"sentiment":"great"}'))).toBe(false);
    expect(passesCheck(check, rec('{"sentiment":"positive","why":"x"}'))).toBe(false);
  });

  it('judge: the recorded verdict of the named judge scorer', () => {
    const scores = [
      { scorer: 'equals', pass: false, score: 0, reason: '' },
      { scorer: 'tone', pass: true, score: 1, reason: '' },
    ];
    expect(passesCheck({ type: 'judge', scorer: 'tone' }, { status: 'failed', output: 'x', scores })).toBe(
      true,
    );
    expect(passesCheck({ type: 'judge' }, { status: 'failed', output: 'x', scores })).toBe(false);
  });

  it('never passes an errored sample, whatever the check', () => {
    expect(passesCheck({ type: 'regex', pattern: '.*' }, rec(null, 'error'))).toBe(false);
    expect(passesCheck({ type: 'regex', pattern: '.*' }, rec('partial', 'error'))).toBe(false);
  });
});

describe('simulating a cascade', () => {
  const spec: CascadeSpec = {
    id: 'c',
    steps: ['cheap', 'mid', 'big'],
    escalateWhen: { type: 'regex', pattern: '^\\d+$' },
  };
  const step = (passed: boolean, costUsd: number | null, check: boolean): StepResult => ({
    passed,
    costUsd,
    checks: [check],
  });

  it('answers with the first step whose check passes, paying every step taken', () => {
    const g = new Map([
      ['cheap', step(false, 1, false)],
      ['mid', step(true, 10, true)],
      ['big', step(true, 100, true)],
    ]);
    expect(simulateCase(spec, 0, g)).toEqual({
      answeredBy: 'mid',
      passed: true,
      costUsd: 11,
      checkCostUsd: 0,
      stepsTaken: 2,
    });
  });

  it('keeps a wrong answer that passes the check: the check cannot see the reference', () => {
    const g = new Map([
      ['cheap', step(false, 1, true)],
      ['mid', step(true, 10, true)],
      ['big', step(true, 100, true)],
    ]);
    expect(simulateCase(spec, 0, g)).toEqual({
      answeredBy: 'cheap',
      passed: false,
      costUsd: 1,
      checkCostUsd: 0,
      stepsTaken: 1,
    });
  });

  it('always lets the last step answer, and leaves out a case a step did not run', () => {
    const all = new Map([
      ['cheap', step(true, 1, false)],
      ['mid', step(true, 10, false)],
      ['big', step(false, 100, false)],
    ]);
    expect(simulateCase(spec, 0, all)).toEqual({
      answeredBy: 'big',
      passed: false,
      costUsd: 111,
      checkCostUsd: 0,
      stepsTaken: 3,
    });
    expect(simulateCase(spec, 0, new Map([['cheap', step(true, 1, true)]]))).toBeNull();
  });

  it('the oracle takes the cheapest candidate that passed, else the cheapest, as a failure', () => {
    expect(
      oracleCase(
        new Map([
          ['a', step(false, 1, false)],
          ['b', step(true, 30, false)],
          ['c', step(true, 20, false)],
        ]),
      ),
    ).toEqual({ passed: true, costUsd: 20 });
    expect(
      oracleCase(
        new Map([
          ['a', step(false, 5, false)],
          ['b', step(false, 3, false)],
        ]),
      ),
    ).toEqual({ passed: false, costUsd: 3 });
    expect(
      oracleCase(
        new Map([
          ['a', step(true, null, false)],
          ['b', step(true, 9, false)],
        ]),
      ),
    ).toEqual({ passed: true, costUsd: 9 });
  });

  it('folds records into figures: accuracy, interval, cost, escalation rate, who answered', () => {
    const collector = createCascadeCollector([
      { id: 'c', steps: ['cheap/p', 'big/p'], escalateWhen: { type: 'regex', pattern: '^\\d+$' } },
    ]);
    const rows: Array<[string, string, 'passed' | 'failed' | 'error', string | null, number]> = [
      // case, candidate, status, output, cost
      ['1', 'cheap/p', 'passed', '4', 0.001],
      ['1', 'big/p', 'passed', '4', 0.01],
      ['2', 'cheap/p', 'failed', 'four', 0.001], // escalates
      ['2', 'big/p', 'passed', '4', 0.01],
      ['3', 'cheap/p', 'error', null, 0.0005], // escalates
      ['3', 'big/p', 'failed', '5', 0.01],
      ['4', 'cheap/p', 'failed', '7', 0.001], // kept, wrong
      ['4', 'big/p', 'passed', '4', 0.01],
      ['5', 'cheap/p', 'passed', '4', 0.001], // big/p did not run it: left out
    ];
    for (const [caseId, candidate, status, output, costUsd] of rows) {
      collector.add(makeRecord({ candidate, caseId, status, output, costUsd }));
    }
    const { cascades, oracle } = collector.finish({
      qualityBar: 0.5,
      candidates: [makeCandidate({ id: 'cheap/p' }), makeCandidate({ id: 'big/p' })],
    });
    const c = cascades[0]!;
    expect(c.samples).toBe(4);
    expect(c.skipped).toBe(1);
    expect(c.passed).toBe(2); // case 1 by cheap, case 2 by big
    expect(c.accuracy).toBe(0.5);
    expect(c.accuracyLow).toBe(wilson(2, 4)!.low);
    expect(c.costUsd).toBeCloseTo(0.001 + 0.011 + 0.0105 + 0.001, 15);
    expect(c.costPerSuccessUsd).toBeCloseTo(0.0235 / 2, 15);
    expect(c.escalationRate).toBe(0.5);
    expect(c.answeredBy).toEqual({ 'cheap/p': 2, 'big/p': 2 });
    expect(c.meetsBar).toBe(false);
    // oracle: 1 cheap (0.001), 2 big (0.01), 3 none passed → cheapest 0.0005, 4 big (0.01), 5 cheap (0.001)
    expect(oracle).toMatchObject({ samples: 5, passed: 4, accuracy: 0.8 });
    expect(oracle.costUsd).toBeCloseTo(0.0225, 15);
    expect(oracle.candidates).toEqual(['cheap/p', 'big/p']);
  });
});

describe('the cascade suite on the simulator', () => {
  let dir: string;
  let summary: Summary;
  let records: SampleRecord[];

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'tollgate-cascade-')), 'run');
    const r = await cli(['run', 'cascade', '--no-cache', '--out', dir, '--json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    summary = JSON.parse(r.out) as Summary;
    records = await readRecords(dir);
  });

  /** The check, by hand: JSON of exactly {"sentiment": one of the three labels}. */
  const validByHand = (r: SampleRecord): boolean => {
    if (r.status === 'error' || r.output === null) return false;
    try {
      const v = JSON.parse(r.output.trim()) as unknown;
      return (
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).join() === 'sentiment' &&
        ['positive', 'negative', 'neutral'].includes((v as { sentiment: unknown }).sentiment as string)
      );
    } catch {
      return false;
    }
  };

  it('runs every case for every step: cascade steps are not stopped early', () => {
    for (const c of summary.candidates) expect(c.samples).toBe(60);
    expect(summary.candidates.find((c) => c.id === 'sim-budget/json')!.meetsBar).toBe(false);
  });

  it('matches a hand simulation, case by case and in total (budget, then frontier on a schema failure)', () => {
    const spec = summary.cascades!.find((c) => c.id === 'budget>frontier')!;
    const byCase = new Map<string, Map<string, SampleRecord>>();
    for (const r of records) byCase.set(r.caseId, (byCase.get(r.caseId) ?? new Map()).set(r.candidate, r));
    let cost = 0;
    let passed = 0;
    let escalated = 0;
    for (const g of byCase.values()) {
      const cheap = g.get('sim-budget/json')!;
      const big = g.get('sim-frontier/json')!;
      // by hand
      const keep = validByHand(cheap);
      const hand = keep
        ? { answeredBy: cheap.candidate, passed: cheap.status === 'passed', costUsd: cheap.costUsd! }
        : {
            answeredBy: big.candidate,
            passed: big.status === 'passed',
            costUsd: cheap.costUsd! + big.costUsd!,
          };
      // tollgate, on the same case
      const results = new Map(
        [...g].map(([id, r]) => [
          id,
          { passed: r.status === 'passed', costUsd: r.costUsd, checks: [passesCheck(spec.escalateWhen, r)] },
        ]),
      );
      const got = simulateCase(spec, 0, results)!;
      expect({ answeredBy: got.answeredBy, passed: got.passed, costUsd: got.costUsd }).toEqual(hand);
      cost += hand.costUsd;
      if (hand.passed) passed++;
      if (!keep) escalated++;
    }
    expect(escalated).toBeGreaterThan(0); // the budget model wraps some JSON in prose
    expect(spec.samples).toBe(60);
    expect(spec.passed).toBe(passed);
    expect(spec.accuracy).toBe(passed / 60);
    expect(spec.costUsd).toBeCloseTo(cost, 15);
    expect(spec.costPerSuccessUsd).toBeCloseTo(cost / passed, 15);
    expect(spec.escalationRate).toBe(escalated / 60);
    // the point of a cascade: better than the cheap model, cheaper than the big one
    const cheap = summary.candidates.find((c) => c.id === 'sim-budget/json')!;
    const big = summary.candidates.find((c) => c.id === 'sim-frontier/json')!;
    expect(spec.accuracy!).toBeGreaterThan(cheap.accuracy!);
    expect(spec.costUsd!).toBeLessThan(big.costUsd!);
  });

  it('bounds it with the oracle router, computed by hand', () => {
    let cost = 0;
    let passed = 0;
    const byCase = new Map<string, SampleRecord[]>();
    for (const r of records) byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r]);
    for (const g of byCase.values()) {
      const ok = g.filter((r) => r.status === 'passed').sort((a, b) => a.costUsd! - b.costUsd!);
      const pick = ok[0] ?? [...g].sort((a, b) => a.costUsd! - b.costUsd!)[0]!;
      cost += pick.costUsd!;
      if (ok.length > 0) passed++;
    }
    expect(summary.oracle!.passed).toBe(passed);
    expect(summary.oracle!.costUsd).toBeCloseTo(cost, 15);
    // no router, cascade or single candidate, is more accurate
    for (const c of [...summary.cascades!, ...summary.candidates]) {
      expect(summary.oracle!.accuracy!).toBeGreaterThanOrEqual(c.accuracy!);
    }
  });

  it('shows the cascades in summary.json, cascades.csv, summary.md and report.html', async () => {
    const onDisk = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(onDisk.cascades!.map((c) => c.id)).toEqual(['budget>frontier', 'budget>mid>frontier']);
    for (const c of onDisk.cascades!) {
      for (const k of [
        'id',
        'steps',
        'accuracy',
        'accuracyLow',
        'accuracyHigh',
        'costUsd',
        'costPerSuccessUsd',
        'escalationRate',
        'samples',
        'passed',
      ]) {
        expect(c).toHaveProperty(k);
      }
    }
    const csv = parse(await readFile(join(dir, 'cascades.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.map((r) => `${r.kind}:${r.id}`)).toEqual([
      'cascade:budget>frontier',
      'cascade:budget>mid>frontier',
      'oracle:oracle',
    ]);
    expect(Number(csv[0]!.costUsd)).toBe(onDisk.cascades![0]!.costUsd);
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('## Cascades');
    expect(md).toContain('| budget\\>frontier | sim-budget/json (45) → sim-frontier/json (15) |');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('class="xpoint cascade" data-candidate="budget&gt;frontier"');
    expect(html).toContain('class="xpoint oracle"');
    expect(html).toContain('id="cascade-table"');
  });
});

describe('tollgate report', () => {
  it('simulates the cascades again from records.jsonl with the definitions in summary.json', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'tollgate-cascade-')), 'run');
    expect((await cli(['run', 'cascade', '--no-cache', '--out', dir, '--quiet'], { cwd: ROOT })).code).toBe(
      0,
    );
    const good = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    // a summary whose cascade figures are stale (say, copied from one shard)
    const stale: Summary = {
      ...good,
      cascades: good.cascades!.map((c) => ({ ...c, samples: 1, passed: 0, accuracy: 0, costUsd: 0 })),
      oracle: null,
    };
    await writeFile(join(dir, 'summary.json'), JSON.stringify(stale));
    expect((await cli(['report', dir], { cwd: ROOT })).code).toBe(0);
    const again = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(again.cascades).toEqual(good.cascades);
    expect(again.oracle).toEqual(good.oracle);
  });
});

describe('cascade config', () => {
  it('a judge check must name an llmJudge scorer of the suite (exit 2 with the path)', async () => {
    const dir = await tempProject({
      'datasets/a.jsonl': arithmeticRows(3),
      'suites/j.yaml': `dataset: ../datasets/a.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-budget, sim:sim-frontier]
scorers: [{ type: equals }]
cascades:
  - { id: j, steps: [sim-budget/p, sim-frontier/p], escalateWhen: { type: judge } }
`,
    });
    const r = await cli(['run', 'j'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'at cascades.0.escalateWhen.scorer: Expected the name of an llmJudge scorer in this suite (there is none), got "llmJudge"',
    );
  });

  it('a mistyped check type is answered with the check types, not the scorer types', async () => {
    const dir = await tempProject({
      'datasets/a.jsonl': arithmeticRows(3),
      'suites/t.yaml': `dataset: ../datasets/a.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-budget, sim:sim-frontier]
scorers: [{ type: equals }]
cascades:
  - { id: t, steps: [sim-budget/p, sim-frontier/p], escalateWhen: { type: judgee } }
`,
    });
    const r = await cli(['run', 't'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('cascades.0.escalateWhen.type');
    expect(r.err).toContain('Expected a type: regex, jsonSchema, judge, scorer, got "judgee"');
    expect(r.err).toContain('did you mean "judge"?');
  });
});
