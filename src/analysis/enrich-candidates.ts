/**
 * The per-candidate figures derived from a finished summary rather than from the records: prompt
 * caching (share and saving: from the tokens at the tariffs billed, src/analysis/caching-by-tariff.ts,
 * or, for a candidate summarised without them, at the prices used) and the production calculator
 * (from the cost per sample and the suite's `projection`). Pure; `summarize` runs it on every
 * summary it builds.
 */
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { calculate } from './calculator.ts';
import { cachingSavedUsd, promptCacheShare } from './prompt-caching.ts';

/** Adds `promptCacheShare`, `cachingSavedUsd` and `calculator` to every candidate. */
export function enrichCandidates(
  candidates: CandidateSummary[],
  context: Pick<Summary, 'prices' | 'projection'>,
): CandidateSummary[] {
  return candidates.map((c) => {
    // the outcome fields come last in summary.json, after these
    const {
      scored,
      notScored,
      coverage,
      errorsByKind,
      errorExamples,
      incomplete,
      meanTokensPerSample,
      cachingSavedUsd: billed,
      ...rest
    } = c;
    return {
      ...rest,
      promptCacheShare: promptCacheShare(c.tokens),
      // at the tariffs billed when the tally computed it; else from the summed tokens at list price
      cachingSavedUsd:
        billed !== undefined ? billed : cachingSavedUsd(c.tokens, context.prices.models[c.model] ?? null),
      calculator: context.projection ? calculate(c, context.projection) : null,
      scored,
      notScored,
      coverage,
      errorsByKind,
      errorExamples,
      incomplete,
      ...(meanTokensPerSample !== undefined && { meanTokensPerSample }),
    };
  });
}
