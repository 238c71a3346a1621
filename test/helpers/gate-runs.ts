/** Builds run folders for the gate tests: a summary consistent with its records, written to disk. */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAggregator } from '../../src/analysis/aggregate.ts';
import type { SampleRecord, SampleStatus } from '../../src/log/records-file.ts';
import type { CandidateSummary, Summary } from '../../src/log/summary-file.ts';
import { makeRecord as makeSampleRecord } from './fixture-run.ts';

const ZERO_TOKENS = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };

export interface CandidateSpec {
  id: string;
  /** The outcome of one sample; `true` passes, `false` fails, `'error'` errors. */
  outcome: (caseIndex: number, repeat: number) => boolean | 'error';
  /** List-price cost of each sample, or null for an unpriced model. */
  costPerSample?: number | null;
}

export interface RunSpec {
  runId: string;
  suite?: string;
  suiteHash?: string;
  pricesAsOf?: string;
  /** The per-model prices the run used (summary `prices.models`). @default {} */
  prices?: Summary['prices']['models'];
  cases: number;
  repeats?: number;
  qualityBar?: number | null;
  gate?: { maxAccuracyDrop: number; maxCostIncrease: number };
  candidates: CandidateSpec[];
  /** Case ids to leave out of every candidate. */
  skipCases?: number[];
  stoppedReason?: Summary['stoppedReason'];
  shard?: Summary['shard'];
}

export function caseId(i: number): string {
  return `case-${String(i).padStart(3, '0')}`;
}

/** A gate-test record: positional, with no scores and a given list-price cost. */
export function makeRecord(
  candidate: string,
  id: string,
  repeat: number,
  status: SampleStatus,
  costUsd: number | null = 0.001,
): SampleRecord {
  return makeSampleRecord({
    candidate,
    caseId: id,
    repeat,
    status,
    output: status === 'error' ? null : 'x',
    scores: [],
    tokens: { ...ZERO_TOKENS, input: 10, output: 2 },
    costUsd,
    spentUsd: costUsd,
    latencyMs: 5,
  });
}

/** A candidate summary computed from its records by the runner's own aggregator. */
export function summarizeCandidate(
  id: string,
  records: SampleRecord[],
  qualityBar: number | null,
  repeats = 1,
): CandidateSummary {
  const [model = id, prompt = 'default'] = id.split('/');
  const agg = createAggregator([{ id, model, prompt, provider: 'sim', planned: records.length, repeats }]);
  for (const r of records) agg.add(r);
  return agg.finish({ qualityBar, tasksPerDay: null })[0]!;
}

/** A summary and records for a run spec. */
export function makeRun(spec: RunSpec): { summary: Summary; records: SampleRecord[] } {
  const repeats = spec.repeats ?? 1;
  const qualityBar = spec.qualityBar === undefined ? 0.5 : spec.qualityBar;
  const skip = new Set(spec.skipCases ?? []);
  const records: SampleRecord[] = [];
  const candidates: CandidateSummary[] = [];
  for (const c of spec.candidates) {
    const own: SampleRecord[] = [];
    for (let i = 0; i < spec.cases; i++) {
      if (skip.has(i)) continue;
      for (let r = 0; r < repeats; r++) {
        const o = c.outcome(i, r);
        const status: SampleStatus = o === 'error' ? 'error' : o ? 'passed' : 'failed';
        own.push(
          makeRecord(c.id, caseId(i), r, status, c.costPerSample === undefined ? 0.001 : c.costPerSample),
        );
      }
    }
    records.push(...own);
    candidates.push(summarizeCandidate(c.id, own, qualityBar, repeats));
  }
  const summary: Summary = {
    suite: spec.suite ?? 'arith',
    suiteHash: spec.suiteHash ?? 'hash-aaaaaaaaaaaa',
    runId: spec.runId,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    durationMs: 60_000,
    prices: { asOf: spec.pricesAsOf ?? '2025-01-01', source: 'test', models: spec.prices ?? {} },
    budgetUsd: null,
    spentUsd: { candidates: 0, judge: 0, total: 0 },
    savedByCacheUsd: 0,
    stoppedReason: spec.stoppedReason ?? null,
    samplesNotRun: 0,
    qualityBar,
    projection: null,
    gate: spec.gate ?? { maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 },
    shard: spec.shard ?? null,
    recommendation: { candidate: null, reason: '', pointEstimateCandidate: null, closest: null },
    candidates,
  };
  return { summary, records };
}

/** Writes `root/results/SUITE/RUN_ID/` with summary.json, records.jsonl and cases.jsonl. */
export async function writeRun(root: string, spec: RunSpec): Promise<string> {
  const { summary, records } = makeRun(spec);
  const dir = join(root, 'results', summary.suite, summary.runId);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(dir, 'records.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const cases = Array.from({ length: spec.cases }, (_, i) =>
    JSON.stringify({ id: caseId(i), fields: { q: i } }),
  );
  await writeFile(join(dir, 'cases.jsonl'), `${cases.join('\n')}\n`);
  return dir;
}

/** A deterministic pseudo-random pass pattern: case i passes with rate `rate`. */
export function passesAt(rate: number, salt = 0): (i: number, r: number) => boolean {
  return (i, r) => {
    const h = Math.imul((i + 1) * 2654435761 + r * 40503 + salt * 97, 2246822519) >>> 0;
    return h / 4294967296 < rate;
  };
}
