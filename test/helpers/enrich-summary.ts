/** A fixture summary with its candidates enriched, as `summarize` does for a real one. */
import { enrichCandidates } from '../../src/analysis/enrich-candidates.ts';
import type { Summary } from '../../src/log/summary-file.ts';

export function enrichSummary(summary: Summary): Summary {
  return { ...summary, candidates: enrichCandidates(summary.candidates, summary) };
}
