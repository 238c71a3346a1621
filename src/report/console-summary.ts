import pc from 'picocolors';
import { formatUsd } from '../format/money.ts';
import { formatPct } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import { textTable } from '../format/text-table.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { breakdownConsole } from './breakdown-console.ts';
import { describeUsageEstimated } from './run-notes.ts';
import { hasTaskFigures, TASK_HEADERS, taskRows } from './task-table.ts';

/** The console view of a run: one row per candidate, then the pick and the spend. */
export function renderSummaryTable(s: Summary, color: boolean): string {
  const c = pc.createColors(color);
  const rows = [...s.candidates]
    .sort(
      (a, b) =>
        (a.costPerSuccessUsd ?? Number.POSITIVE_INFINITY) - (b.costPerSuccessUsd ?? Number.POSITIVE_INFINITY),
    )
    .map((k) => candidateRow(k, s.recommendation.candidate));
  const out = [
    textTable(
      [
        'candidate',
        'passed',
        'accuracy [95% CI]',
        'coverage',
        '$/success',
        'cost',
        'requests',
        'retries',
        'errors',
        'p50',
        'meets bar',
        'note',
      ],
      rows,
      [false, true, true, true, true, true, true, true, true, true, false, false],
    ),
    '',
    ...breakdownConsole(s),
  ];
  if (hasTaskFigures(s)) {
    const rows = taskRows(s).map(([id, ...rest]) => [safeText(id!, 40), ...rest]);
    out.push(textTable(TASK_HEADERS, rows, [false, true, true, true, true, true]), '');
  }
  for (const k of s.cascades ?? []) {
    out.push(
      `Cascade ${safeText(k.id, 40)} (${k.steps.map((x) => safeText(x, 40)).join(' → ')}): ` +
        (k.accuracy === null
          ? 'no case where every step ran'
          : `${formatPct(k.accuracy)} at ${formatUsd(k.costPerSuccessUsd)}/success` +
            (k.checkCostUsd ? ` (judge calls ${formatUsd(k.checkCostUsd)} included)` : '') +
            `, ${formatPct(k.escalationRate)} escalated`) +
        (k.optimistic ? `; ${c.yellow(`${safeText(k.optimistic, 200)}, kept off the frontier`)}` : ''),
    );
  }
  if (s.cascades?.length) out.push('');
  const r = s.recommendation;
  out.push(
    r.candidate
      ? r.provisional
        ? `${c.yellow(`Pick (${r.provisional}):`)} ${safeText(r.reason, 400)}`
        : `${c.green('Pick:')} ${safeText(r.reason, 400)}`
      : `${c.yellow('No pick:')} ${safeText(r.reason, 400)}`,
  );
  const budget = s.budgetUsd === null ? 'no budget' : `budget ${formatUsd(s.budgetUsd)}`;
  out.push(
    `Spent ${formatUsd(s.spentUsd.total)} (candidates ${formatUsd(s.spentUsd.candidates)}, judge ${formatUsd(s.spentUsd.judge)}) of ${budget}` +
      (s.savedByCacheUsd > 0 ? `; the cache saved ${formatUsd(s.savedByCacheUsd)}` : ''),
  );
  const estimated = describeUsageEstimated(s);
  if (estimated) out.push(c.yellow(safeText(estimated, 600)));
  if (s.stoppedReason) {
    out.push(
      c.yellow(
        `Stopped: ${s.stoppedReason}${s.samplesNotRun ? ` (${s.samplesNotRun} samples not run)` : ''}`,
      ),
    );
  }
  for (const k of s.candidates) {
    if (k.stopError)
      out.push(c.red(`${safeText(k.id, 60)} could not run: ${safeText(k.stopError.message, 300)}`));
  }
  return `${out.join('\n')}\n`;
}

/** One candidate's row of the console table. */
function candidateRow(k: CandidateSummary, pick: string | null): string[] {
  return [
    safeText(k.id, 40) + (k.id === pick ? ' ★' : ''),
    `${k.passed}/${k.samples}`,
    k.accuracy === null
      ? '—'
      : `${formatPct(k.accuracy)} [${formatPct(k.accuracyLow, 0)}–${formatPct(k.accuracyHigh, 0)}]`,
    k.coverage === undefined ? '—' : formatPct(k.coverage, 0),
    formatUsd(k.costPerSuccessUsd),
    formatUsd(k.costUsd),
    String(k.requests),
    String(k.retries),
    k.errored ? String(k.errored) : '0',
    k.latencyMsP50 === null ? '—' : `${k.latencyMsP50}ms`,
    k.meetsBar === null ? '—' : k.meetsBar ? 'yes' : 'no',
    k.incomplete
      ? 'incomplete'
      : k.earlyStopped
        ? 'early stop'
        : k.stopError
          ? `stopped: ${k.stopError.kind}`
          : k.onFrontier
            ? 'frontier'
            : '',
  ];
}
