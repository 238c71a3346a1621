/**
 * Cascades pay for their checks: a judge check's calls on the steps before the last are part of the
 * cascade's cost. A check that reads the reference (the grader itself) makes the cascade optimistic:
 * shown with a note everywhere, never on the frontier. With repeats, the interval counts cases.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CascadeSpec,
  checkCostOf,
  createCascadeCollector,
  simulateCase,
} from '../../src/analysis/cascade.ts';
import { OPTIMISTIC_NOTE, referenceUse } from '../../src/analysis/check-reference.ts';
import type { ScorerConfig } from '../../src/config/schema.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { clusteredWilson } from '../../src/stats/clustered-wilson.ts';
import { wilson } from '../../src/stats/wilson.ts';
import { makeRecord } from '../helpers/fixture-run.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const judge = (rubric: string, name?: string): ScorerConfig => ({
  type: 'llmJudge',
  rubric,
  model: 'sim:sim-mid',
  ...(name !== undefined && { name }),
});

describe('which checks read the reference', () => {
  const scorers: ScorerConfig[] = [
    { type: 'equals' },
    { type: 'includes', name: 'has', field: 'answer' },
    { type: 'regex', name: 'shape', pattern: '^\\d+$' },
    { type: 'regex', name: 'refpattern' },
    { type: 'jsonSchema', schema: { type: 'object' } },
    judge('Is the tone polite? Say "please".', 'tone'),
    judge('Expected: {{expected}}', 'grader'),
    judge('The answer must match {{ answer }}.', 'byfield'),
    { type: 'custom', name: 'mine', fn: () => true },
  ];
  const use = (scorer: string) => referenceUse({ type: 'scorer', scorer }, scorers);

  it('reference scorers, a judge whose rubric names a reference column, and custom scorers do', () => {
    expect(use('equals')).toBe(`${OPTIMISTIC_NOTE} (equals compares the output with "expected")`);
    expect(use('has')).toBe(`${OPTIMISTIC_NOTE} (has compares the output with "answer")`);
    expect(use('refpattern')).toContain('reads "expected" as its pattern');
    expect(use('grader')).toBe(`${OPTIMISTIC_NOTE} (the rubric of grader reads "expected")`);
    expect(use('byfield')).toContain('the rubric of byfield reads "answer"');
    expect(use('mine')).toContain("mine is given the case's fields");
    expect(referenceUse({ type: 'judge', scorer: 'grader' }, scorers)).toContain(OPTIMISTIC_NOTE);
  });

  it('output-only checks and a judge whose rubric names no reference do not', () => {
    expect(use('shape')).toBeNull();
    expect(use('jsonSchema')).toBeNull();
    expect(use('tone')).toBeNull();
    expect(referenceUse({ type: 'judge', scorer: 'tone' }, scorers)).toBeNull();
    expect(referenceUse({ type: 'regex', pattern: '.' }, scorers)).toBeNull();
    expect(referenceUse({ type: 'jsonSchema', schema: {} }, scorers)).toBeNull();
    // a field merely named in prose, or a longer name, is not a read
    expect(
      referenceUse({ type: 'judge' }, [judge('Compare with the expected answer. {{expectedness}}')]),
    ).toBeNull();
  });
});

describe('charging the check', () => {
  const attempt = (ledger: 'candidate' | 'judge', costUsd: number | null, scorer?: string) => ({
    status: 200,
    latencyMs: 1,
    tokens: null,
    costUsd,
    spentUsd: costUsd,
    cached: false,
    error: null,
    ledger,
    ...(scorer !== undefined && { scorer }),
  });

  it('a judge check costs the attempts of its own judge, retries included; other checks cost nothing', () => {
    const r = {
      attemptLog: [
        attempt('candidate', 1),
        attempt('judge', 0.25, 'tone'),
        attempt('judge', 0.5, 'tone'),
        attempt('judge', 4, 'grader'),
      ],
      judge: {
        attempts: 3,
        tokens: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 },
        costUsd: 4.75,
        spentUsd: 4.75,
      },
    };
    expect(checkCostOf({ type: 'judge', scorer: 'tone' }, r)).toBe(0.75);
    expect(checkCostOf({ type: 'scorer', scorer: 'grader' }, r)).toBe(4);
    expect(checkCostOf({ type: 'scorer', scorer: 'equals' }, r)).toBe(0);
    expect(checkCostOf({ type: 'regex', pattern: '.' }, r)).toBe(0);
    // an unpriced judge attempt makes the check's cost unknown
    expect(
      checkCostOf({ type: 'judge', scorer: 'tone' }, { ...r, attemptLog: [attempt('judge', null, 'tone')] }),
    ).toBeNull();
    // older records name no scorer: a judge check is charged every judge call of the sample
    expect(checkCostOf({ type: 'judge' }, { ...r, attemptLog: [attempt('judge', 4.75)] })).toBe(4.75);
  });

  it('adds the check on every step taken but the last', () => {
    const spec: CascadeSpec = { id: 'c', steps: ['a', 'b', 'c'], escalateWhen: { type: 'judge' } };
    const step = (check: boolean, costUsd: number, checkCost: number) => ({
      passed: true,
      costUsd,
      checks: [check],
      checkCosts: [checkCost],
    });
    const g = new Map([
      ['a', step(false, 1, 0.5)],
      ['b', step(false, 10, 0.25)],
      ['c', step(true, 100, 1000)],
    ]);
    expect(simulateCase(spec, 0, g)).toEqual({
      answeredBy: 'c',
      passed: true,
      costUsd: 111.75,
      checkCostUsd: 0.75,
      stepsTaken: 3,
    });
    g.set('a', step(true, 1, 0.5));
    expect(simulateCase(spec, 0, g)).toMatchObject({ answeredBy: 'a', costUsd: 1.5, checkCostUsd: 0.5 });
  });
});

describe('repeats', () => {
  it('the interval counts cases, not samples: identical repeats are no fresh evidence', () => {
    const spec: CascadeSpec = {
      id: 'c',
      steps: ['a/p', 'b/p'],
      escalateWhen: { type: 'regex', pattern: '^ok$' },
    };
    const collector = createCascadeCollector([spec]);
    for (let i = 0; i < 20; i++) {
      for (let repeat = 0; repeat < 5; repeat++) {
        const pass = i < 15;
        const common = { caseId: `c${i}`, repeat, costUsd: 0.001 };
        collector.add(
          makeRecord({ ...common, candidate: 'a/p', output: 'ok', status: pass ? 'passed' : 'failed' }),
        );
        collector.add(makeRecord({ ...common, candidate: 'b/p', output: 'ok', status: 'passed' }));
      }
    }
    const { cascades, oracle } = collector.finish({ qualityBar: 0.6, candidates: [] });
    const c = cascades[0]!;
    expect(c.samples).toBe(100);
    expect(c.accuracy).toBe(0.75);
    // 15 of 20 cases, not 75 of 100 samples
    expect(c.accuracyLow).toBe(wilson(15, 20)!.low);
    expect(c.accuracyHigh).toBe(wilson(15, 20)!.high);
    expect(c.accuracyLow).toBeLessThan(wilson(75, 100)!.low);
    expect(oracle.accuracyLow).toBe(clusteredWilson(Array.from({ length: 20 }, () => [5, 5] as const))!.low);
  });
});

const SCHEMA = `{ type: object, required: [sentiment], additionalProperties: false, properties: { sentiment: { enum: [positive, negative, neutral] } } }`;
const JUDGED_SUITE = `name: checks
dataset: ../datasets/cascade.jsonl
prompts:
  - id: json
    system: >-
      You classify customer reviews. Reply with one JSON object and nothing else:
      {"sentiment": "positive" | "negative" | "neutral"}.
    user: "Classify the sentiment of this review. Review: {{review}}"
models: [sim:sim-frontier, sim:sim-budget]
params: { temperature: 0, maxTokens: 64 }
scorers:
  - type: jsonSchema
    schema: ${SCHEMA}
  - type: equals
    field: expected
    extract: '"sentiment"\\s*:\\s*"(\\w+)"'
  # reference-free: it looks for the key only, as a production judge could
  - type: llmJudge
    name: format
    rubric: 'The response must be a JSON object with the "sentiment" key.'
    model: sim:sim-mid
  # the grader: its rubric reads the reference
  - type: llmJudge
    name: grader
    rubric: "The response must give this label.\\nExpected: {{expected}}"
    model: sim:sim-mid
cascades:
  - { id: judged, steps: [sim-budget/json, sim-frontier/json], escalateWhen: { type: judge, scorer: format } }
  - { id: graded, steps: [sim-budget/json, sim-frontier/json], escalateWhen: { type: scorer, scorer: equals } }
  - { id: by-grader, steps: [sim-budget/json, sim-frontier/json], escalateWhen: { type: judge, scorer: grader } }
projection:
  tasksPerDay: 1000
  includeJudge: true
  selfHost: { gpuUsdPerHour: 2, promptTokensPerSecond: 5000, outputTokensPerSecond: 300, utilisation: 0.4 }
`;

describe('a judged suite on the simulator', () => {
  let dir: string;
  let out: string;
  let summary: Summary;
  let records: SampleRecord[];

  beforeAll(async () => {
    const project = await tempProject({
      'datasets/cascade.jsonl': await readFile(join(ROOT, 'datasets/cascade.jsonl'), 'utf8'),
      'suites/checks.yaml': JUDGED_SUITE,
    });
    dir = join(project, 'run');
    const r = await cli(['run', 'checks', '--no-cache', '--sample', '30', '--out', dir], { cwd: project });
    expect(r.code).toBe(0);
    out = r.out;
    summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    records = await readRecords(dir);
  });

  it('records which judge each judge attempt graded for', () => {
    const judged = records.flatMap((r) => r.attemptLog.filter((a) => a.ledger === 'judge'));
    expect(judged.length).toBeGreaterThan(0);
    expect(new Set(judged.map((a) => a.scorer))).toEqual(new Set(['format', 'grader']));
  });

  it('charges the judged cascade its judge calls, exactly as the records add up', () => {
    const c = summary.cascades!.find((k) => k.id === 'judged')!;
    let cost = 0;
    let judgeCost = 0;
    let passed = 0;
    for (const caseId of new Set(records.map((r) => r.caseId))) {
      const cheap = records.find((r) => r.caseId === caseId && r.candidate === 'sim-budget/json')!;
      const big = records.find((r) => r.caseId === caseId && r.candidate === 'sim-frontier/json')!;
      const format = cheap.attemptLog
        .filter((a) => a.ledger === 'judge' && a.scorer === 'format')
        .reduce((s, a) => s + a.costUsd!, 0);
      const keep = cheap.scores.find((s) => s.scorer === 'format')?.pass === true && cheap.status !== 'error';
      judgeCost += format;
      cost += cheap.costUsd! + format + (keep ? 0 : big.costUsd!);
      passed += (keep ? cheap : big).status === 'passed' ? 1 : 0;
    }
    expect(judgeCost).toBeGreaterThan(0);
    expect(c.checkCostUsd).toBeCloseTo(judgeCost, 15);
    expect(c.costUsd).toBeCloseTo(cost, 15);
    expect(c.passed).toBe(passed);
    expect(c.costPerSuccessUsd).toBeCloseTo(cost / passed, 15);
    // to the cent on a million tasks: the judge is in the price
    expect(Math.round(c.costPerSuccessUsd! * 1e8)).toBe(Math.round((cost / passed) * 1e8));
    expect(c.optimistic).toBeNull();
    // the grader's calls are not the check's: not charged
    const all = records
      .filter((r) => r.candidate === 'sim-budget/json')
      .reduce((s, r) => s + (r.judge?.costUsd ?? 0), 0);
    expect(c.checkCostUsd!).toBeLessThan(all);
  });

  it('marks the cascades whose check reads the reference optimistic and keeps them off the frontier', () => {
    for (const id of ['graded', 'by-grader']) {
      const c = summary.cascades!.find((k) => k.id === id)!;
      expect(c.optimistic).toMatch(new RegExp(`^${OPTIMISTIC_NOTE}`));
      expect(c.onFrontier).toBe(false);
    }
    const graded = summary.cascades!.find((k) => k.id === 'graded')!;
    // the grader as the check: step 1 keeps exactly the answers the grader marked right
    const right = records.filter(
      (r) => r.candidate === 'sim-budget/json' && r.scores.find((s) => s.scorer === 'equals')?.pass,
    );
    expect(right.length).toBeGreaterThan(0);
    expect(graded.answeredBy['sim-budget/json']).toBe(right.length);
    expect(graded.checkCostUsd).toBe(0);
    expect(summary.cascades!.find((k) => k.id === 'by-grader')!.checkCostUsd).toBeGreaterThan(0);
    expect(summary.recommendation.candidate ?? '').not.toMatch(/graded|grader/);
  });

  it('shows the note in the console, summary.md, cascades.csv and report.html', async () => {
    expect(out).toMatch(
      /Cascade graded .*optimistic: its check uses the reference \(equals compares the output with "expected"\), kept off the frontier/,
    );
    expect(out).toMatch(/Cascade judged .*judge calls \$[\d.]+ included/);
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain(
      'optimistic: its check uses the reference (equals compares the output with "expected")',
    );
    const csv = parse(await readFile(join(dir, 'cascades.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const row = (id: string) => csv.find((r) => r.id === id)!;
    expect(row('graded').optimistic).toContain(OPTIMISTIC_NOTE);
    expect(row('graded').onFrontier).toBe('false');
    expect(row('judged').optimistic).toBe('');
    expect(Number(row('judged').checkCostUsd)).toBe(
      summary.cascades!.find((k) => k.id === 'judged')!.checkCostUsd,
    );
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(
      '<strong class="optimistic">optimistic: its check uses the reference (equals compares the output with &quot;expected&quot;)</strong>',
    );
    expect(html).toContain('no (optimistic)');
  });

  it("lists the calculator's inherited assumptions in report.html and summary.md, the judge included", async () => {
    for (const c of summary.candidates) {
      const perSample = (c.costUsd! + c.judgeCostUsd!) / c.samples;
      expect(c.calculator!.apiMonthlyUsd).toBeCloseTo(1000 * 30 * perSample, 10);
      expect(c.calculator!.judgeIncluded).toBe(true);
      expect(c.calculator!.selfHostUtilisation).toBe(0.4);
      const secondsPerTask =
        c.calculator!.promptTokensPerTask! / 5000 + c.calculator!.outputTokensPerTask! / 300;
      expect(c.calculator!.selfHostCapacityTasksPerDay).toBeCloseTo((86_400 * 0.4) / secondsPerTask, 6);
    }
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    for (const line of [
      'Tariff: list price',
      'Provider prompt cache: ',
      'Judge costs: included (projection.includeJudge)',
      'Self-hosting: each GPU busy 40% of the day (selfHost.utilisation), at prompt 5,000 tokens/s and output 300 tokens/s per GPU',
    ]) {
      expect(md).toContain(line);
      expect(html).toContain(line);
    }
  });

  it('keeps both when `tollgate report` simulates the cascades again from the records', async () => {
    const before = summary.cascades;
    expect((await cli(['report', dir], { cwd: ROOT })).code).toBe(0);
    const again = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(again.cascades).toEqual(before);
  });
});

describe('a scorer check in the config', () => {
  it('must name a scorer of the suite (exit 2 with the path)', async () => {
    const dir = await tempProject({
      'datasets/a.jsonl': arithmeticRows(3),
      'suites/s.yaml': `dataset: ../datasets/a.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-budget, sim:sim-frontier]
scorers: [{ type: equals }]
cascades:
  - { id: s, steps: [sim-budget/p, sim-frontier/p], escalateWhen: { type: scorer, scorer: equal } }
`,
    });
    const r = await cli(['run', 's'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'at cascades.0.escalateWhen.scorer: Expected the name of a scorer in this suite (equals), got "equal"',
    );
  });
});
