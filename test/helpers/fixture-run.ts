/**
 * Builders for report fixtures: plain candidates, summaries, records and whole run folders.
 * Shared by the analysis, report and browser tests so each scenario states only what it changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseRow } from '../../src/dataset/case-row.ts';
import type { SampleRecord, SampleStatus } from '../../src/log/records-file.ts';
import type { CandidateSummary, Summary } from '../../src/log/summary-file.ts';
import type { Tokens } from '../../src/pricing/tokens.ts';

export const ZERO_TOKENS: Tokens = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };

/** A candidate summary with sensible defaults; pass what the test is about. */
export function makeCandidate(over: Partial<CandidateSummary> & { id: string }): CandidateSummary {
  const [model = 'model', prompt = 'prompt'] = over.id.split('/');
  return {
    model,
    prompt,
    provider: 'sim',
    samples: 100,
    passed: 90,
    failed: 8,
    errored: 2,
    notRun: 0,
    accuracy: 0.9,
    accuracyLow: 0.83,
    accuracyHigh: 0.94,
    tokens: { input: 12000, cacheRead: 0, cacheWrite: 0, output: 3000, reasoning: 0 },
    requests: 102,
    retries: 2,
    cachedSamples: 0,
    calls: 100,
    meanCallsPerSample: 1,
    costUsd: 0.09,
    spentUsd: 0.09,
    judgeCostUsd: null,
    costPerSuccessUsd: 0.001,
    costPerSampleUsd: 0.0009,
    latencyMsP50: 420,
    latencyMsP95: 1200,
    meetsBar: false,
    onFrontier: false,
    earlyStopped: false,
    earlyStopReason: null,
    savedUsd: null,
    projectedMonthlyUsd: null,
    stopError: null,
    ...over,
  };
}

/** A summary with sensible defaults around the given candidates. */
export function makeSummary(candidates: CandidateSummary[], over: Partial<Summary> = {}): Summary {
  return {
    suite: 'arithmetic',
    suiteHash: 'abc123',
    runId: '2025-03-04T05-06-07Z',
    startedAt: '2025-03-04T05:06:07.000Z',
    finishedAt: '2025-03-04T05:08:10.000Z',
    durationMs: 123_000,
    prices: { asOf: '2025-02-01', source: 'tollgate built-in table', models: {} },
    budgetUsd: 2,
    spentUsd: { candidates: 0.42, judge: 0, total: 0.42 },
    savedByCacheUsd: 0,
    stoppedReason: null,
    samplesNotRun: 0,
    qualityBar: 0.9,
    projection: null,
    gate: { maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 },
    shard: null,
    recommendation: {
      candidate: null,
      reason: 'No candidate clears the bar.',
      pointEstimateCandidate: null,
      closest: null,
    },
    candidates,
    ...over,
  };
}

/** One sample record with sensible defaults. */
export function makeRecord(
  over: Partial<SampleRecord> & { candidate: string; caseId: string; status: SampleStatus },
): SampleRecord {
  const [model = 'model', prompt = 'prompt'] = over.candidate.split('/');
  return {
    model,
    prompt,
    repeat: 0,
    output: over.status === 'error' ? null : '42',
    scores:
      over.status === 'error'
        ? []
        : [
            {
              scorer: 'equals',
              pass: over.status === 'passed',
              score: over.status === 'passed' ? 1 : 0,
              reason: '',
            },
          ],
    attempts: 1,
    retries: 0,
    tokens: { input: 120, cacheRead: 0, cacheWrite: 0, output: 3, reasoning: 0 },
    costUsd: 0.00002,
    spentUsd: 0.00002,
    cached: false,
    latencyMs: 300,
    error: over.status === 'error' ? { kind: 'server', message: 'upstream 503', status: 503 } : null,
    calls: 1,
    judge: null,
    attemptLog: [],
    ...over,
  };
}

export interface RunFolder {
  summary: Summary;
  records: SampleRecord[];
  /** null: write no cases.jsonl. */
  cases: CaseRow[] | null;
}

/** Writes summary.json, records.jsonl and (unless null) cases.jsonl into `dir`. */
export async function writeRunFolder(dir: string, run: RunFolder): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(run.summary, null, 2)}\n`);
  await writeFile(join(dir, 'records.jsonl'), run.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (run.cases)
    await writeFile(join(dir, 'cases.jsonl'), run.cases.map((c) => `${JSON.stringify(c)}\n`).join(''));
}
