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

/** The outcome fields, which come last in summary.json, after the ones added here; in this order. */
const OUTCOME_FIELDS = [
  'scored',
  'notScored',
  'coverage',
  'errorsByKind',
  'errorExamples',
  'incomplete',
  'meanTokensPerSample',
] as const satisfies ReadonlyArray<keyof CandidateSummary>;

/** Adds `promptCacheShare`, `cachingSavedUsd` and `calculator` to every candidate. */
export function enrichCandidates(
  candidates: CandidateSummary[],
  context: Pick<Summary, 'prices' | 'projection'>,
): CandidateSummary[] {
  return candidates.map((c) => {
    const head: Record<string, unknown> = { ...c };
    const tail: Record<string, unknown> = {};
    for (const k of OUTCOME_FIELDS) {
      if (c[k] !== undefined) tail[k] = c[k];
      delete head[k];
    }
    delete head.cachingSavedUsd;
    return {
      ...head,
      promptCacheShare: promptCacheShare(c.tokens),
      // at the tariffs billed when the tally computed it; else from the summed tokens at list price
      cachingSavedUsd:
        c.cachingSavedUsd !== undefined
          ? c.cachingSavedUsd
          : cachingSavedUsd(c.tokens, context.prices.models[c.model] ?? null),
      calculator: context.projection ? calculate(c, context.projection) : null,
      ...tail,
    } as CandidateSummary;
  });
}
