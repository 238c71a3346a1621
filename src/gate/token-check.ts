/**
 * The gate's token-inflation check: mean tokens per sample (prompt, cached or not, plus output)
 * against the baseline's. Prompts and tasks grow over time; a price cut can hide the growth from
 * the cost check, so tokens are gated on their own. Pure, like the other checks.
 */
import { formatDecimal } from '../format/number.ts';
import { formatRelative } from '../format/percent.ts';
import type { Baseline } from '../log/baseline-file.ts';
import type { CandidateSummary } from '../log/summary-file.ts';
import { skipVerdict } from './checks.ts';
import type { Verdict } from './types.ts';

/** Float slack, as in the other checks. */
const EPS = 1e-9;

/** Why a baseline candidate has no tokens per sample to compare with. */
const NOT_RECORDED =
  'Not checked: the baseline does not record tokens per sample (it was written before the token check); update the baseline to check it.';

/**
 * Fails when mean tokens per sample rose by more than `maxIncrease` (relative) over the
 * baseline's. Skipped, with the reason, when the baseline does not record the figure (a baseline
 * written before it existed: never a silent pass), or either run has no samples.
 */
export function checkTokens(
  baseline: Pick<CandidateSummary, 'meanTokensPerSample'>,
  current: CandidateSummary,
  maxIncrease: number,
): Verdict {
  const id = current.id;
  const before = baseline.meanTokensPerSample;
  const after = current.meanTokensPerSample ?? null;
  const base = {
    ...skipVerdict(id, 'tokens', ''),
    baseline: before ?? null,
    current: after,
    threshold: maxIncrease,
  };
  if (before === undefined) return { ...base, message: NOT_RECORDED };
  if (before === null || before === 0)
    return { ...base, message: 'Not checked: the baseline ran no samples with tokens for this candidate.' };
  if (after === null) return { ...base, message: 'Not checked: no samples ran in this run.' };
  const rel = after / before - 1;
  const fail = rel > maxIncrease + EPS;
  const limit = formatRelative(maxIncrease);
  const numbers = `${formatDecimal(before)} -> ${formatDecimal(after)} (${formatRelative(rel)})`;
  return {
    ...base,
    status: fail ? 'fail' : 'pass',
    delta: rel,
    message: fail
      ? `Tokens per sample rose more than the ${limit} allowed: ${numbers}. A longer prompt or answer costs more at any price.`
      : `Tokens per sample ${numbers}, within ${limit}.`,
  };
}

/** A note when the baseline records no tokens per sample for a candidate of this run, or null. */
export function tokensNote(baseline: Baseline, candidates: readonly CandidateSummary[]): string | null {
  const missing = candidates.filter((c) => {
    const entry = Object.hasOwn(baseline.candidates, c.id) ? baseline.candidates[c.id] : undefined;
    return entry !== undefined && entry.summary.meanTokensPerSample === undefined;
  });
  if (missing.length === 0) return null;
  return `The baseline (version ${baseline.version}) records no tokens per sample, so token inflation was not checked for ${missing.length} candidate${missing.length === 1 ? '' : 's'}. Update the baseline (\`tollgate gate RUN_DIR --update-baseline\`) to check it.`;
}
