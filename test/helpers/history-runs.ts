/**
 * A suite's results folder of small synthetic runs for the history tests: summary.json only (and,
 * when asked, a records.jsonl that cannot be read: a folder of that name), one day apart.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CandidateSummary, Summary } from '../../src/log/summary-file.ts';
import type { ModelPrice } from '../../src/pricing/model-price.ts';
import { makeRun } from './gate-runs.ts';

const PRICE: ModelPrice = { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 2.5, batchDiscount: 0.5 };
const CUT: ModelPrice = { ...PRICE, input: 1.25, output: 5 };
const IDS = ['big/p', 'mid/p', 'small/p'];

export interface HistorySpec {
  runs: number;
  /** From this run on (0-based), every model costs half. @default never */
  priceCutAt?: number;
  /** Tokens per sample grow by this share each run. @default 0.01 */
  tokenGrowth?: number;
  /** Put an unreadable records.jsonl (a folder) in each run. @default false */
  unreadableRecords?: boolean;
}

/** The summary of run `i`: accuracy, cost and tokens that move a little run to run. */
export function historySummary(i: number, spec: HistorySpec): Summary {
  const { summary } = makeRun({
    runId: 'template',
    cases: 1,
    candidates: [{ id: 'x/p', outcome: () => true }],
    suite: 'demo',
  });
  const cut = spec.priceCutAt !== undefined && i >= spec.priceCutAt;
  const growth = 1 + (spec.tokenGrowth ?? 0.01) * i;
  const candidates = IDS.map((id, k): CandidateSummary => {
    const tokens = Math.round(100 * (k + 1) * growth);
    const passed = 80 + k * 5 - (i % 3);
    const cost = (tokens * 100 * (cut ? 0.5 : 1) * (3 - k)) / 1e6;
    return {
      ...(summary.candidates[0] as CandidateSummary),
      id,
      model: id.split('/')[0]!,
      prompt: 'p',
      provider: 'sim',
      samples: 100,
      passed,
      accuracy: passed / 100,
      accuracyLow: passed / 100 - 0.08,
      accuracyHigh: passed / 100 + 0.06,
      tokens: { input: tokens * 80, cacheRead: 0, cacheWrite: 0, output: tokens * 20, reasoning: 0 },
      meanTokensPerSample: tokens,
      meanCallsPerSample: 1,
      costUsd: cost,
      costPerSuccessUsd: cost / passed,
      meetsBar: passed >= 85,
    };
  });
  const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
  const price = cut ? CUT : PRICE;
  return {
    ...summary,
    runId: `run-${String(i).padStart(2, '0')}`,
    startedAt: day,
    finishedAt: day,
    prices: {
      asOf: cut ? '2026-06-01' : '2026-01-01',
      source: 'test',
      models: Object.fromEntries(IDS.map((id) => [id.split('/')[0]!, price])),
    },
    recommendation: { candidate: 'mid/p', reason: 'test', pointEstimateCandidate: null, closest: null },
    candidates,
  };
}

/** Writes `runs` run folders `run-NN` under `dir` (a suite's results folder). */
export async function writeHistoryRuns(dir: string, spec: HistorySpec): Promise<void> {
  for (let i = 0; i < spec.runs; i++) {
    const run = join(dir, `run-${String(i).padStart(2, '0')}`);
    await mkdir(run, { recursive: true });
    await writeFile(join(run, 'summary.json'), JSON.stringify({ ...historySummary(i, spec), version: 3 }));
    if (spec.unreadableRecords) await mkdir(join(run, 'records.jsonl'));
  }
}
