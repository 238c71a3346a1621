/**
 * The history as text: for the console, and as Markdown for a job summary
 * ($GITHUB_STEP_SUMMARY). Per candidate, a line of how it moved from its first run to its last,
 * then a row per run (the last `last` runs): date, accuracy, cost per success, tokens per sample,
 * calls per task and the model's prices with their date.
 */
import { formatDate } from '../format/duration.ts';
import { formatUsd } from '../format/money.ts';
import { formatDecimal } from '../format/number.ts';
import { formatPct, formatPoints, formatRelative } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import { textTable } from '../format/text-table.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import { escapeMarkdown as md } from '../report/markdown-escape.ts';
import type { History, HistoryPoint, HistoryRun } from './read-history.ts';
import type { CandidateTrend, TrendRow } from './trend.ts';

const HEADERS = [
  'date',
  'run',
  'accuracy',
  '$/success',
  'tokens/sample',
  'calls/task',
  'prices (in/out per 1M)',
];

/** `$2.5/$10 as of 2026-09-22`, `unpriced`, or just the date when the run does not record the price. */
export function priceText(p: HistoryPoint): string {
  return `${p.price === undefined ? '' : p.price === null ? 'unpriced ' : `${perMillion(p.price)} `}as of ${p.priceAsOf}`;
}

function perMillion(p: ModelPrice): string {
  const n = (x: number) => `$${Number(x.toPrecision(4))}`;
  return `${n(p.input)}/${n(p.output)}`;
}

/** What a run is, besides its id: the baseline, a reprice. */
export function runFlags(run: HistoryRun): string[] {
  const flags: string[] = [];
  if (run.baseline) flags.push('baseline');
  if (run.repricedFrom) flags.push('repriced');
  return flags;
}

/** `cost per success $a -> $b (+12.0%), accuracy …, tokens per sample …` over the candidate's runs. */
export function trendLine(t: CandidateTrend): string {
  const n = t.rows.length;
  const parts = [
    `cost per success ${formatUsd(t.costPerSuccess.first)} -> ${formatUsd(t.costPerSuccess.last)} (${formatRelative(t.costPerSuccess.delta)})`,
    `accuracy ${formatPct(t.accuracy.first)} -> ${formatPct(t.accuracy.last)} (${formatPoints(t.accuracy.delta)})`,
    `tokens per sample ${formatDecimal(t.tokensPerSample.first)} -> ${formatDecimal(t.tokensPerSample.last)} (${formatRelative(t.tokensPerSample.delta)})`,
  ];
  const prices =
    t.priceChanges > 0 ? `; its prices changed ${t.priceChanges} time${t.priceChanges === 1 ? '' : 's'}` : '';
  return `over ${n} run${n === 1 ? '' : 's'}: ${parts.join(', ')}${prices}`;
}

function cells(r: TrendRow): string[] {
  const p = r.point;
  const flags = runFlags(r.run);
  return [
    formatDate(r.run.date),
    r.run.runId + (flags.length ? ` (${flags.join(', ')})` : ''),
    formatPct(p.accuracy),
    formatUsd(p.costPerSuccessUsd),
    formatDecimal(p.meanTokensPerSample),
    formatDecimal(p.callsPerTask),
    (r.priceChanged ? '* changed: ' : '') + priceText(p),
  ];
}

/** The opening line: how many runs, over what dates, how many were left out. */
export function historyHeadline(h: History): string {
  const first = h.runs[0];
  const last = h.runs.at(-1);
  const span = first && last ? ` (${formatDate(first.date)} to ${formatDate(last.date)})` : '';
  const skipped = h.skipped.length
    ? `; ${h.skipped.length} folder${h.skipped.length === 1 ? '' : 's'} left out (not complete runs)`
    : '';
  return `History of ${h.suite}: ${h.runs.length} run${h.runs.length === 1 ? '' : 's'}${span}${skipped}.`;
}

/** The console view. */
export function renderHistoryText(h: History, trends: readonly CandidateTrend[], last: number): string {
  const out = [safeText(historyHeadline(h), 400), ''];
  for (const t of trends) {
    out.push(`${safeText(t.candidate, 60)}: ${trendLine(t)}`);
    const shown = t.rows.slice(-last);
    if (shown.length < t.rows.length)
      out.push(`  (the last ${shown.length} of ${t.rows.length} runs; --last N for more)`);
    const rows = shown.map((r) => cells(r).map((c) => safeText(c, 120)));
    out.push(textTable(HEADERS, rows, [false, false, true, true, true, true, false]), '');
  }
  for (const s of h.skipped.slice(0, 5))
    out.push(`left out ${safeText(s.folder, 80)}: ${safeText(s.why, 200)}`);
  if (h.skipped.length > 5) out.push(`… and ${h.skipped.length - 5} more folders left out`);
  return `${out.join('\n').trimEnd()}\n`;
}

/** The Markdown view, for a job summary. */
export function renderHistoryMarkdown(h: History, trends: readonly CandidateTrend[], last: number): string {
  const out = [`## Cost trend: ${md(h.suite)}`, '', md(historyHeadline(h)), ''];
  for (const t of trends) {
    out.push(`### ${md(t.candidate)}`, '', md(trendLine(t)), '');
    out.push(`| ${HEADERS.join(' | ')} |`, '|---|---|--:|--:|--:|--:|---|');
    for (const r of t.rows.slice(-last)) out.push(`| ${cells(r).map(md).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}
