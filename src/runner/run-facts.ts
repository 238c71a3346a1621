import type { SummaryFacts } from '../analysis/summarize.ts';
import type { ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { StoppedReason, Summary } from '../log/summary-file.ts';
import { PRICE_TABLE_AS_OF, PRICE_TABLE_SOURCE } from '../pricing/price-table.ts';

/** What a finished run knows that its summary.json reports, beside the figures. */
export interface RunOutcome {
  suite: ResolvedSuite;
  runId: string;
  shard: { index: number; count: number } | null;
  /** Every model the run priced: the candidates' and the judges'. */
  models: ResolvedModel[];
  budgetUsd: number | null;
  spentUsd: Summary['spentUsd'];
  savedByCacheUsd: number;
  stoppedReason: StoppedReason;
  startedAt: number;
  finishedAt: number;
  /** The run sent its requests through the batch API. */
  batch?: boolean;
}

/** The run's facts for `summarize`: suite, prices, spend, budget, timing and the stop reason. */
export function runFacts(o: RunOutcome): SummaryFacts {
  const models = [...new Set(o.models)];
  const prices = Object.fromEntries(models.map((m) => [m.id, m.price]));
  const origins = Object.fromEntries(
    models.flatMap((m) => (m.priceOrigin ? [[m.id, m.priceOrigin] as const] : [])),
  );
  return {
    suite: o.suite.name,
    suiteHash: o.suite.hash,
    runId: o.runId,
    startedAt: new Date(o.startedAt).toISOString(),
    finishedAt: new Date(o.finishedAt).toISOString(),
    durationMs: Math.round(o.finishedAt - o.startedAt),
    prices: {
      asOf: PRICE_TABLE_AS_OF,
      source: PRICE_TABLE_SOURCE,
      models: prices,
      origins,
      batch: Boolean(o.batch),
    },
    budgetUsd: o.budgetUsd,
    spentUsd: o.spentUsd,
    savedByCacheUsd: o.savedByCacheUsd,
    stoppedReason: o.stoppedReason,
    qualityBar: o.suite.qualityBar,
    projection: o.suite.config.projection ?? null,
    gate: o.suite.gate,
    shard: o.shard,
    minCoverage: o.suite.config.minCoverage,
  };
}
