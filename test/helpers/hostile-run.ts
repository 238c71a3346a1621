/**
 * A realistic run folder with hostile model outputs and dataset values: five candidates over
 * 120 cases, one stopped early, one unpriced, and a budget stop. The summary is derived from the
 * records with the real analysis functions, so its figures agree with the explorer.
 */
import { createCascadeCollector } from '../../src/analysis/cascade.ts';
import { paretoFrontier } from '../../src/analysis/pareto.ts';
import { pickRecommendation } from '../../src/analysis/pick.ts';
import { projectedMonthlyUsd } from '../../src/analysis/projection.ts';
import type { CaseRow } from '../../src/dataset/case-row.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { CandidateSummary } from '../../src/log/summary-file.ts';
import type { Tokens } from '../../src/pricing/tokens.ts';
import { wilson } from '../../src/stats/wilson.ts';
import { enrichSummary } from './enrich-summary.ts';
import { makeCandidate, makeRecord, makeSummary, type RunFolder } from './fixture-run.ts';
import { HOSTILE_MARKUP as HOSTILE } from './hostile.ts';

interface Spec {
  id: string;
  accuracy: number;
  costPerSample: number | null;
  cases: number;
  earlyStop?: boolean;
}

const SPECS: Spec[] = [
  { id: 'sim-large/terse', accuracy: 0.98, costPerSample: 0.0021, cases: 120 },
  { id: 'sim-large/cot', accuracy: 0.96, costPerSample: 0.0052, cases: 120 },
  { id: 'sim-mid/terse', accuracy: 0.95, costPerSample: 0.00011, cases: 120 },
  { id: 'sim-mid/cot', accuracy: 0.9, costPerSample: 0.00034, cases: 120 },
  { id: 'sim-small/terse', accuracy: 0.55, costPerSample: 0.000021, cases: 40, earlyStop: true },
  { id: 'local/q&a<v2>', accuracy: 0.7, costPerSample: null, cases: 120 },
];

const CASES = 120;

/** A deterministic number in [0, 1) from a string. */
function unit(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100000) / 100000;
}

function caseRows(): CaseRow[] {
  return Array.from({ length: CASES }, (_, i) => {
    const a = (i * 7) % 50;
    const b = (i * 13) % 40;
    const fields: Record<string, unknown> = { question: `What is ${a} + ${b}?`, expected: String(a + b) };
    if (i < HOSTILE.length) fields.question = HOSTILE[i];
    if (i === 5) fields.context = 'line one, "quoted"\nline two';
    if (i === 6) fields.meta = { tags: ['<b>bold</b>', '{{x}}'], n: 3 };
    return { id: `case-${String(i + 1).padStart(3, '0')}`, fields };
  });
}

function records(cases: CaseRow[]): SampleRecord[] {
  const out: SampleRecord[] = [];
  for (const [i, c] of cases.entries()) {
    for (const s of SPECS) {
      if (i >= s.cases) continue;
      const r = unit(`${s.id}:${c.id}`);
      const status = r > 0.985 ? 'error' : r < s.accuracy ? 'passed' : 'failed';
      const expected = String(c.fields.expected);
      let output: string | null =
        status === 'passed' ? expected : status === 'failed' ? String(Number(expected) + 1) : null;
      if (i < HOSTILE.length && s.id.startsWith('sim-mid')) output = HOSTILE[(i + 1) % HOSTILE.length]!;
      if (i === 5 && s.id === 'sim-large/cot')
        output = `Let me think, step by step: "${expected}",\nthen carry.\nAnswer: ${expected}`;
      const tokens: Tokens = { input: 40, cacheRead: 0, cacheWrite: 0, output: 4, reasoning: 0 };
      out.push(
        makeRecord({
          candidate: s.id,
          caseId: c.id,
          status: output === null ? 'error' : status,
          output,
          tokens,
          costUsd: s.costPerSample,
          spentUsd: s.costPerSample,
          latencyMs: 200 + Math.round(r * 900),
          retries: r > 0.97 ? 1 : 0,
          attempts: r > 0.97 ? 2 : 1,
        }),
      );
    }
  }
  return out;
}

function summarise(spec: Spec, recs: SampleRecord[]): CandidateSummary {
  const mine = recs.filter((r) => r.candidate === spec.id);
  const passed = mine.filter((r) => r.status === 'passed').length;
  const errored = mine.filter((r) => r.status === 'error').length;
  const ci = wilson(passed, mine.length);
  const cost = spec.costPerSample === null ? null : spec.costPerSample * mine.length;
  return makeCandidate({
    id: spec.id,
    provider: spec.id.startsWith('local') ? 'openai' : 'sim',
    samples: mine.length,
    passed,
    failed: mine.length - passed - errored,
    errored,
    notRun: CASES - mine.length,
    accuracy: passed / mine.length,
    accuracyLow: ci?.low ?? null,
    accuracyHigh: ci?.high ?? null,
    tokens: { input: 40 * mine.length, cacheRead: 0, cacheWrite: 0, output: 4 * mine.length, reasoning: 0 },
    requests: mine.reduce((n, r) => n + r.attempts, 0),
    retries: mine.reduce((n, r) => n + r.retries, 0),
    calls: mine.length,
    costUsd: cost,
    spentUsd: cost,
    costPerSuccessUsd: cost === null || passed === 0 ? null : cost / passed,
    costPerSampleUsd: spec.costPerSample,
    meetsBar: ci ? ci.low >= 0.9 : null,
    earlyStopped: spec.earlyStop ?? false,
    earlyStopReason: spec.earlyStop ? 'the 95% upper bound (66.1%) cannot reach the 90% bar' : null,
    savedUsd:
      spec.earlyStop && spec.costPerSample !== null ? spec.costPerSample * (CASES - mine.length) : null,
    projectedMonthlyUsd: projectedMonthlyUsd(spec.costPerSample, 5000),
  });
}

/** The hostile run folder's contents. */
export function hostileRun(): RunFolder {
  const cases = caseRows();
  const recs = records(cases);
  let candidates = SPECS.map((s) => summarise(s, recs));
  const frontier = paretoFrontier(candidates);
  candidates = candidates.map((c) => ({ ...c, onFrontier: frontier.has(c.id) }));
  const spent = candidates.reduce((n, c) => n + (c.spentUsd ?? 0), 0);
  // a cascade whose check (a number) the hostile outputs fail, so they escalate
  const cascade = createCascadeCollector([
    {
      id: 'mid>large',
      steps: ['sim-mid/terse', 'sim-large/terse'],
      escalateWhen: { type: 'regex', pattern: '^\\d+$' },
    },
  ]);
  for (const r of recs) cascade.add(r);
  const summary = makeSummary(candidates, {
    suite: 'arithmetic <hostile> & co',
    budgetUsd: 1.2,
    spentUsd: { candidates: spent, judge: 0, total: spent },
    stoppedReason: 'budget',
    samplesNotRun: 80,
    projection: {
      tasksPerDay: 5000,
      monitoringUsdPerMonth: 300,
      humanReviewUsdPerTask: 0.05,
      growth: 2.5,
      selfHost: { gpuUsdPerHour: 2, tokensPerSecond: 400 },
    },
    recommendation: pickRecommendation(candidates, 0.9),
    ...cascade.finish({ qualityBar: 0.9, candidates }),
  });
  return { summary: enrichSummary(summary), records: recs, cases };
}
