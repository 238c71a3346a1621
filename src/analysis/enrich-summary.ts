/**
 * The per-candidate figures derived from a finished summary rather than from the records: prompt
 * caching (share and saving, from the tokens and the prices used) and the production calculator
 * (from the cost per sample and the suite's `projection`). Pure; run it whenever a summary's
 * candidates or prices change (end of a run, reprice, merge).
 */
import type { SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { calculate } from './calculator.ts';
import { cascadeSpecsOf, simulateCascades } from './cascade.ts';
import { cachingSavedUsd, promptCacheShare } from './prompt-caching.ts';

/** Adds `promptCacheShare`, `cachingSavedUsd` and `calculator` to every candidate. */
export function enrichCandidates(
  candidates: CandidateSummary[],
  context: Pick<Summary, 'prices' | 'projection'>,
): CandidateSummary[] {
  return candidates.map((c) => ({
    ...c,
    promptCacheShare: promptCacheShare(c.tokens),
    cachingSavedUsd: cachingSavedUsd(c.tokens, context.prices.models[c.model] ?? null),
    calculator: context.projection ? calculate(c, context.projection) : null,
  }));
}

/** The summary with every candidate enriched (see `enrichCandidates`). */
export function enrichSummary(summary: Summary): Summary {
  return { ...summary, candidates: enrichCandidates(summary.candidates, summary) };
}

/**
 * Re-derives everything a summary computes on top of its candidates: the cascades and the oracle
 * (simulated again from the records, with the cascade definitions the summary holds), then the
 * prompt-caching and calculator figures. For summaries rebuilt from records: reprice, merge, report.
 */
export async function deriveSummary(
  summary: Summary,
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<Summary> {
  const specs = cascadeSpecsOf(summary);
  const out = enrichSummary(summary);
  if (specs.length === 0) return out;
  const { cascades, oracle } = await simulateCascades(specs, records, {
    qualityBar: summary.qualityBar,
    candidates: summary.candidates,
  });
  return { ...out, cascades, oracle };
}
