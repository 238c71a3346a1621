/**
 * Builds the gate's baseline (src/log/baseline-file.ts is the file) from a run's summary and its
 * per-case outcomes.
 */

import { BASELINE_VERSION, type Baseline, type BaselineCandidate } from '../log/baseline-file.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { Summary } from '../log/summary-file.ts';
import { type CaseCosts, collectCaseData, compareIds, dict, own } from './outcomes.ts';

/** Builds a baseline from a run's summary and its records (streamed, so memory stays flat). */
export async function buildBaseline(
  summary: Summary,
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<Baseline> {
  const { outcomes, costs } = await collectCaseData(records);
  const candidates = dict<BaselineCandidate>();
  for (const c of [...summary.candidates].sort((a, b) => compareIds(a.id, b.id))) {
    candidates[c.id] = {
      summary: c,
      cases: own(outcomes, c.id) ?? dict(),
      costs: rounded(own(costs, c.id) ?? dict()),
    };
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

/** Case costs to 12 significant digits: a sum's last-bit noise would show in the reviewed diff. */
function rounded(costs: CaseCosts): CaseCosts {
  const out: CaseCosts = dict();
  for (const [id, usd] of Object.entries(costs)) out[id] = usd === null ? null : Number(usd.toPrecision(12));
  return out;
}
