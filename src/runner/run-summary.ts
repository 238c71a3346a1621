import type { CascadeCollector } from '../analysis/cascade.ts';
import { enrichSummary } from '../analysis/enrich-summary.ts';
import { pickRecommendation } from '../analysis/pick.ts';
import type { Aggregator } from '../analysis/summarize.ts';
import type { ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { StoppedReason, Summary } from '../log/summary-file.ts';
import { PRICE_TABLE_AS_OF, PRICE_TABLE_SOURCE } from '../pricing/price-table.ts';

/** What a finished run knows that its summary.json reports. */
export interface RunOutcome {
  suite: ResolvedSuite;
  runId: string;
  shard: { index: number; count: number } | null;
  /** Every model the run priced: the candidates' and the judges'. */
  models: ResolvedModel[];
  agg: Aggregator;
  cascades: CascadeCollector | null;
  budgetUsd: number | null;
  spentUsd: Summary['spentUsd'];
  savedByCacheUsd: number;
  stoppedReason: StoppedReason;
  startedAt: number;
  finishedAt: number;
}

/** The run's summary: every candidate's figures, the frontier, the pick, spend and cascades. */
export function runSummary(o: RunOutcome): Summary {
  const qualityBar = o.suite.qualityBar;
  const tasksPerDay = o.suite.config.projection?.tasksPerDay ?? null;
  const candidates = o.agg.finish({ qualityBar, tasksPerDay });
  const prices = Object.fromEntries([...new Set(o.models)].map((m) => [m.id, m.price]));
  return enrichSummary({
    suite: o.suite.name,
    suiteHash: o.suite.hash,
    runId: o.runId,
    startedAt: new Date(o.startedAt).toISOString(),
    finishedAt: new Date(o.finishedAt).toISOString(),
    durationMs: Math.round(o.finishedAt - o.startedAt),
    prices: { asOf: PRICE_TABLE_AS_OF, source: PRICE_TABLE_SOURCE, models: prices },
    budgetUsd: o.budgetUsd,
    spentUsd: o.spentUsd,
    savedByCacheUsd: o.savedByCacheUsd,
    stoppedReason: o.stoppedReason,
    samplesNotRun: candidates.reduce((s, c) => s + c.notRun, 0),
    qualityBar,
    projection: o.suite.config.projection ?? null,
    gate: o.suite.gate,
    shard: o.shard,
    recommendation: pickRecommendation(candidates, qualityBar),
    candidates,
    ...o.cascades?.finish({ qualityBar, candidates }),
  });
}
