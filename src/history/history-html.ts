/**
 * history.html: a suite's trend across runs in one self-contained page. No script at all: the
 * Content-Security-Policy allows nothing but the inline styles and data: images, like report.html.
 * Charts of cost per success, accuracy and tokens per sample over the runs (price changes marked),
 * each candidate's trend, and a link to every run's report.
 */
import { formatDate } from '../format/duration.ts';
import { formatUsd } from '../format/money.ts';
import { formatDecimal } from '../format/number.ts';
import { formatPct } from '../format/percent.ts';
import { type ChartSpec, esc, PALETTE, renderChart } from './history-chart.ts';
import { historyHeadline, runFlags, trendLine } from './history-text.ts';
import type { History, HistoryRun } from './read-history.ts';
import type { CandidateTrend } from './trend.ts';
import { priceChangeRuns } from './trend.ts';

/** The page's policy: no script, no network; inline styles only. */
export const HISTORY_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const CHARTS: ChartSpec[] = [
  {
    id: 'chart-cost',
    title: 'Cost per success',
    value: (p) => p.costPerSuccessUsd,
    format: formatUsd,
    log: true,
  },
  { id: 'chart-accuracy', title: 'Accuracy', value: (p) => p.accuracy, format: (x) => formatPct(x) },
  {
    id: 'chart-tokens',
    title: 'Tokens per sample',
    value: (p) => p.meanTokensPerSample,
    format: formatDecimal,
  },
];

/** The whole page. */
export function renderHistoryHtml(h: History, trends: readonly CandidateTrend[]): string {
  const marks = priceChangeRuns(h, trends);
  const legend = trends
    .map(
      (t, k) =>
        `<li><span class="swatch" style="background:${PALETTE[k % PALETTE.length]}"></span>${esc(t.candidate)}</li>`,
    )
    .join('');
  const body = [
    '<header><div class="eyebrow">tollgate history</div>',
    `<h1>${esc(h.suite)}</h1>`,
    `<p class="muted">${esc(historyHeadline(h))}${marks.size > 0 ? ` Prices changed in ${marks.size} run${marks.size === 1 ? '' : 's'} (dashed lines).` : ''}</p></header>`,
    `<section class="card" id="legend"><ul class="legend">${legend}</ul></section>`,
    ...CHARTS.map((c) => renderChart(c, h.runs, trends, marks)),
    trendCard(trends),
    runsCard(h.runs, marks),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HISTORY_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="tollgate">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(h.suite)} · tollgate history</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><div class="wrap">',
    ...body,
    '</div></body>',
    '</html>',
    '',
  ].join('\n');
}

function trendCard(trends: readonly CandidateTrend[]): string {
  const items = trends.map(
    (t) => `<li><span class="cid">${esc(t.candidate)}</span> ${esc(trendLine(t))}</li>`,
  );
  return `<section class="card" id="trends"><h2>Trend per candidate</h2><ul class="trend-list">${items.join('')}</ul></section>`;
}

function runsCard(runs: readonly HistoryRun[], marks: ReadonlySet<number>): string {
  const rows = runs
    .map((r, i) => {
      const flags = [...runFlags(r), ...(marks.has(i) ? ['prices changed'] : [])];
      const id = r.folder
        ? `<a href="${esc(encodeURIComponent(r.folder))}/report.html">${esc(r.runId)}</a>`
        : `${esc(r.runId)} <span class="muted">(folder gone)</span>`;
      return `<tr${marks.has(i) ? ' class="price-change"' : ''}><td>${esc(formatDate(r.date))}</td><td class="run">${id}</td><td>${esc(flags.join(', '))}</td><td>${esc(r.pick ?? '—')}</td><td>${esc(r.pricesAsOf)}</td></tr>`;
    })
    .reverse();
  return [
    '<section class="card" id="runs"><h2>Runs</h2><p class="muted">Newest first; each links to its report.</p>',
    '<div class="table-wrap"><table><thead><tr><th>date</th><th>run</th><th>note</th><th>pick</th><th>price table as of</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table></div></section>`,
  ].join('\n');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f1f5f9}
.wrap{max-width:1100px;margin:0 auto;padding:16px}
header{margin-bottom:12px}
h1{margin:0;font-size:24px;overflow-wrap:anywhere}
h2{margin:0 0 8px;font-size:16px}
.eyebrow{text-transform:uppercase;letter-spacing:.06em;font-size:11px;color:#64748b}
.muted{color:#64748b}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:14px;margin:12px 0;min-width:0}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;margin:0;padding:0}
.legend li{overflow-wrap:anywhere}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.plot{position:relative;padding:18px 0}
.plot svg{display:block;width:100%;height:220px;overflow:visible}
.plot .line{fill:none;stroke-width:2;vector-effect:non-scaling-stroke;stroke-linejoin:round}
.plot .dot{stroke-width:7;stroke-linecap:round;vector-effect:non-scaling-stroke}
.plot .grid{stroke:#e2e8f0;stroke-width:1;vector-effect:non-scaling-stroke}
.plot .price-mark{stroke:#f59e0b;stroke-width:1.5;stroke-dasharray:5 4;vector-effect:non-scaling-stroke}
.ylab{position:absolute;left:0;font-size:12px;color:#475569;background:rgba(255,255,255,.8);padding:0 4px;border-radius:4px}
.ylab.top{top:0}
.ylab.bottom{bottom:0}
.price-label{position:absolute;top:0;transform:translateX(-50%);font-size:11px;color:#b45309;white-space:nowrap}
.xlab{display:flex;justify-content:space-between;gap:8px;font-size:12px;color:#475569}
.trend-list{margin:0;padding-left:18px}
.trend-list li{margin:4px 0;overflow-wrap:anywhere}
.cid{font-weight:600}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e2e8f0;white-space:nowrap}
td.run{white-space:normal;overflow-wrap:anywhere;min-width:12ch}
tr.price-change td{background:#fffbeb}
a{color:#1d4ed8}
`;
