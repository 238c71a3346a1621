/**
 * Rebuilds a summary's figures from its records: the candidates (re-aggregated), the frontier, the
 * pick, the cascades and the oracle, prompt caching and the calculator. What only the run knew is
 * kept from the summary it starts from: planned samples, early stops, auth failures, spend, budget,
 * timing and the stop reason.
 */
import type { SampleRecord } from '../log/records-file.ts';
import type { Summary } from '../log/summary-file.ts';
import { cascadeSpecsOf, createCascadeCollector } from './cascade.ts';
import { enrichSummary } from './enrich-summary.ts';
import { pickRecommendation } from './pick.ts';
import { createAggregator } from './summarize.ts';

/**
 * Streams the records once. Candidates are those of `base`, in its order; a record of another
 * candidate is ignored.
 *
 * @example const summary = await rebuildSummary(old, readRecords('results/demo/RUN/records.jsonl'));
 */
export async function rebuildSummary(
  base: Summary,
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<Summary> {
  const agg = createAggregator(
    base.candidates.map((c) => ({
      id: c.id,
      model: c.model,
      prompt: c.prompt,
      provider: c.provider,
      planned: c.samples + c.notRun,
    })),
  );
  for (const c of base.candidates) {
    if (c.earlyStopped && c.earlyStopReason) agg.stopEarly(c.id, c.earlyStopReason);
    if (c.stopError) agg.stopWithError(c.id, c.stopError);
  }
  const specs = cascadeSpecsOf(base);
  const cascades = specs.length > 0 ? createCascadeCollector(specs) : null;
  for await (const r of records) {
    agg.add(r);
    cascades?.add(r);
  }
  const candidates = agg.finish({
    qualityBar: base.qualityBar,
    tasksPerDay: base.projection?.tasksPerDay ?? null,
  });
  return enrichSummary({
    ...base,
    samplesNotRun: candidates.reduce((n, c) => n + c.notRun, 0),
    recommendation: pickRecommendation(candidates, base.qualityBar),
    candidates,
    ...cascades?.finish({ qualityBar: base.qualityBar, candidates }),
  });
}
