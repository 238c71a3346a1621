/**
 * The cascades as the reports show them: one row per cascade and one for the oracle-router bound,
 * formatted for people. Shared by report.html, summary.md and cascades.csv's `check` column.
 */
import type { RuntimeCheck } from '../analysis/cascade.ts';
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatBool, formatInt } from '../format/number.ts';
import { formatInterval, formatPct } from '../format/percent.ts';
import type { Summary } from '../log/summary-file.ts';

export interface CascadeRow {
  id: string;
  kind: 'cascade' | 'oracle';
  check: string;
  /** The optimistic note (its check reads the reference), or '' for a reference-free check. */
  optimistic: string;
  /** The check's judge calls included in the cost, e.g. `$0.0012`, or '' when the check calls no model. */
  checkCost: string;
  accuracy: string;
  interval: string;
  costPerSuccess: string;
  costPerSample: string;
  escalated: string;
  answeredBy: string;
  meetsBar: string;
  frontier: string;
  samples: string;
}

export interface CascadeTable {
  rows: CascadeRow[];
  /** How the figures were simulated, and what was left out. */
  note: string;
}

/** What a runtime check does, in a few words. */
export function describeCheck(check: RuntimeCheck): string {
  switch (check.type) {
    case 'regex':
      return `output matches /${check.pattern}/${check.flags ?? ''}`;
    case 'jsonSchema':
      return 'output is JSON matching the schema';
    case 'judge':
      return `judge verdict (${check.scorer ?? 'llmJudge'}) passes`;
    case 'scorer':
      return `scorer verdict (${check.scorer}) passes`;
  }
}

/** The cascade table, or null when the suite declares no cascades. */
export function buildCascadeTable(summary: Summary): CascadeTable | null {
  const cascades = summary.cascades ?? [];
  if (cascades.length === 0) return null;
  const rows: CascadeRow[] = cascades.map((c) => ({
    id: c.id,
    kind: 'cascade',
    check: describeCheck(c.escalateWhen),
    optimistic: c.optimistic ?? '',
    checkCost: c.checkCostUsd === undefined || c.checkCostUsd === 0 ? '' : formatUsd(c.checkCostUsd),
    accuracy: formatPct(c.accuracy),
    interval: formatInterval(c.accuracyLow, c.accuracyHigh),
    costPerSuccess: formatUsd(c.costPerSuccessUsd),
    costPerSample: formatUsd(c.costPerSampleUsd),
    escalated: formatPct(c.escalationRate),
    answeredBy: c.steps.map((s) => `${s} (${formatInt(c.answeredBy[s] ?? 0)})`).join(' → '),
    meetsBar: formatBool(c.meetsBar),
    frontier: c.onFrontier ? 'yes' : c.optimistic ? 'no (optimistic)' : 'no',
    samples: formatInt(c.samples),
  }));
  const o = summary.oracle;
  if (o) {
    rows.push({
      id: 'oracle router (bound)',
      kind: 'oracle',
      check: 'uses the reference: a bound, not a router',
      optimistic: '',
      checkCost: '',
      accuracy: formatPct(o.accuracy),
      interval: formatInterval(o.accuracyLow, o.accuracyHigh),
      costPerSuccess: formatUsd(o.costPerSuccessUsd),
      costPerSample: formatUsd(o.costPerSampleUsd),
      escalated: EMPTY,
      answeredBy: `per case, the cheapest that passed, of ${o.candidates.length} candidates`,
      meetsBar: EMPTY,
      frontier: EMPTY,
      samples: formatInt(o.samples),
    });
  }
  const skipped = cascades.filter((c) => c.skipped > 0).map((c) => `${c.id}: ${formatInt(c.skipped)}`);
  const judged = cascades.some((c) => (c.checkCostUsd ?? 0) !== 0);
  const optimistic = cascades.filter((c) => c.optimistic).map((c) => c.id);
  return {
    rows,
    note:
      'Simulated from the recorded results, with no extra requests: each case is answered by the first step, ' +
      'and escalated to the next when the check fails on its output (or it errored); the last step always answers. ' +
      'Cost is the steps actually taken' +
      (judged ? ', plus the judge calls of the check on every step taken but the last' : '') +
      '; accuracy is that of the step that answered. ' +
      (optimistic.length
        ? `Optimistic (its check uses the reference, which production does not have; shown, never on the frontier): ${optimistic.join(', ')}. `
        : '') +
      'The oracle router picks, per case, the cheapest candidate that passed (it needs the reference answer): ' +
      'no real router is more accurate, and none gets a case right for less.' +
      (skipped.length ? ` Cases left out because a step did not run them: ${skipped.join('; ')}.` : ''),
  };
}
