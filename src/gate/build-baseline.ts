/**
 * Builds the gate's baseline (src/log/baseline-file.ts is the file) from a run's summary and its
 * per-case outcomes.
 */

import { BASELINE_VERSION, type Baseline, type BaselineCandidate } from '../log/baseline-file.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { Summary } from '../log/summary-file.ts';
import { collectOutcomes, compareIds, dict, own } from './outcomes.ts';

/** Builds a baseline from a run's summary and its records (streamed, so memory stays flat). */
export async function buildBaseline(
  summary: Summary,
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<Baseline> {
  const outcomes = await collectOutcomes(records);
  const candidates = dict<BaselineCandidate>();
  for (const c of [...summary.candidates].sort((a, b) => compareIds(a.id, b.id))) {
    candidates[c.id] = { summary: c, cases: own(outcomes, c.id) ?? dict() };
  }
  return {
    version: BASELINE_VERSION,
    suite: summary.suite,
    suiteHash: summary.suiteHash,
    pricesAsOf: summary.prices.asOf,
    prices: summary.prices.models,
    runId: summary.runId,
    finishedAt: summary.finishedAt,
    candidates,
  };
}
