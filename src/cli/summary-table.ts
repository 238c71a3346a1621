import pc from 'picocolors';
import type { Summary } from '../log/summary-file.ts';
import { pct, safeText, table, usd } from './format.ts';

/** The console view of a run: one row per candidate, then the pick and the spend. */
export function renderSummaryTable(s: Summary, color: boolean): string {
  const c = pc.createColors(color);
  const rows = [...s.candidates]
    .sort(
      (a, b) =>
        (a.costPerSuccessUsd ?? Number.POSITIVE_INFINITY) - (b.costPerSuccessUsd ?? Number.POSITIVE_INFINITY),
    )
    .map((k) => [
      safeText(k.id, 40) + (k.id === s.recommendation.candidate ? ' ★' : ''),
      `${k.passed}/${k.samples}`,
      k.accuracy === null ? '—' : `${pct(k.accuracy)} [${pct(k.accuracyLow, 0)}–${pct(k.accuracyHigh, 0)}]`,
      usd(k.costPerSuccessUsd),
      usd(k.costUsd),
      String(k.requests),
      String(k.retries),
      k.errored ? String(k.errored) : '0',
      k.latencyMsP50 === null ? '—' : `${k.latencyMsP50}ms`,
      k.meetsBar === null ? '—' : k.meetsBar ? 'yes' : 'no',
      k.earlyStopped
        ? 'early stop'
        : k.stopError
          ? `stopped: ${k.stopError.kind}`
          : k.onFrontier
            ? 'frontier'
            : '',
    ]);
  const out = [
    table(
      [
        'candidate',
        'passed',
        'accuracy [95% CI]',
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
      [false, true, true, true, true, true, true, true, true, false, false],
    ),
    '',
  ];
  for (const k of s.cascades ?? []) {
    out.push(
      `Cascade ${safeText(k.id, 40)} (${k.steps.map((x) => safeText(x, 40)).join(' → ')}): ` +
        (k.accuracy === null
          ? 'no case where every step ran'
          : `${pct(k.accuracy)} at ${usd(k.costPerSuccessUsd)}/success, ${pct(k.escalationRate)} escalated`),
    );
  }
  if (s.cascades?.length) out.push('');
  const r = s.recommendation;
  out.push(
    r.candidate
      ? `${c.green('Pick:')} ${safeText(r.reason, 400)}`
      : `${c.yellow('No pick:')} ${safeText(r.reason, 400)}`,
  );
  const budget = s.budgetUsd === null ? 'no budget' : `budget ${usd(s.budgetUsd)}`;
  out.push(
    `Spent ${usd(s.spentUsd.total)} (candidates ${usd(s.spentUsd.candidates)}, judge ${usd(s.spentUsd.judge)}) of ${budget}` +
      (s.savedByCacheUsd > 0 ? `; the cache saved ${usd(s.savedByCacheUsd)}` : ''),
  );
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
