/**
 * One trend chart of history.html as inline SVG: a line per candidate over the runs, price changes
 * marked. The SVG stretches to its card (`preserveAspectRatio="none"`, strokes that do not scale),
 * and every label is HTML beside it, so text stays legible at any width and nothing overflows.
 */
import type { HistoryPoint, HistoryRun } from './read-history.ts';
import type { CandidateTrend } from './trend.ts';

/** The SVG's own coordinates: it is stretched to the card's width. */
const W = 1000;
const H = 300;
const PAD = 16;

/** Runs beyond this many get lines without a dot per run. */
const MAX_DOTS = 150;

export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
];

export interface ChartSpec {
  id: string;
  title: string;
  value: (p: HistoryPoint) => number | null;
  format: (x: number) => string;
  /** Log scale (costs that differ by orders of magnitude between candidates). */
  log?: boolean;
}

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The x coordinate of run `i` of `n`. */
export function xOf(i: number, n: number): number {
  return n <= 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1);
}

/** The chart's card: title, the SVG with its value labels, the first and last dates. */
export function renderChart(
  spec: ChartSpec,
  runs: readonly HistoryRun[],
  trends: readonly CandidateTrend[],
  marks: ReadonlySet<number>,
): string {
  const values = trends.flatMap((t) => t.rows.map((r) => spec.value(r.point))).filter(usable(spec));
  if (values.length === 0) {
    return `<section class="card chart" id="${spec.id}"><h2>${esc(spec.title)}</h2><p class="muted">No values to plot.</p></section>`;
  }
  const scale = scaleOf(values, spec.log ?? false);
  const index = new Map(runs.map((r, i) => [r, i]));
  const n = runs.length;
  const lines = trends.map((t, k) => line(t, spec, scale, index, n, PALETTE[k % PALETTE.length]!)).join('');
  const grid = [0.25, 0.5, 0.75].map(
    (f) => `<line class="grid" x1="0" x2="${W}" y1="${f * H}" y2="${f * H}"/>`,
  );
  const priceLines = [...marks].map(
    (i) => `<line class="price-mark" x1="${xOf(i, n)}" x2="${xOf(i, n)}" y1="0" y2="${H}"/>`,
  );
  const priceLabels = [...marks].map(
    (i) => `<span class="price-label" style="left:${((xOf(i, n) / W) * 100).toFixed(2)}%">prices</span>`,
  );
  return [
    `<section class="card chart" id="${spec.id}">`,
    `<h2>${esc(spec.title)}${spec.log ? ' <span class="muted">(log scale)</span>' : ''}</h2>`,
    '<div class="plot">',
    `<span class="ylab top">${esc(spec.format(scale.hi))}</span><span class="ylab bottom">${esc(spec.format(scale.lo))}</span>`,
    ...priceLabels,
    `<svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="${esc(spec.title)} over ${n} runs">`,
    ...grid,
    ...priceLines,
    lines,
    '</svg>',
    '</div>',
    `<div class="xlab"><span>${esc(runs[0]!.date.slice(0, 10))}</span><span>${n} run${n === 1 ? '' : 's'}</span><span>${esc(runs.at(-1)!.date.slice(0, 10))}</span></div>`,
    '</section>',
  ].join('\n');
}

interface Scale {
  lo: number;
  hi: number;
  y: (v: number) => number;
}

function usable(spec: ChartSpec): (v: number | null) => v is number {
  return (v): v is number => v !== null && Number.isFinite(v) && (!spec.log || v > 0);
}

function scaleOf(values: number[], log: boolean): Scale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo = log ? lo / 2 : lo - Math.max(Math.abs(lo) * 0.1, 0.01);
    hi = log ? hi * 2 : hi + Math.max(Math.abs(hi) * 0.1, 0.01);
  }
  const f = log ? Math.log10 : (v: number) => v;
  const a = f(lo);
  const b = f(hi);
  return { lo, hi, y: (v) => H - PAD - ((f(v) - a) / (b - a)) * (H - 2 * PAD) };
}

function line(
  t: CandidateTrend,
  spec: ChartSpec,
  scale: Scale,
  index: Map<HistoryRun, number>,
  n: number,
  color: string,
): string {
  const ok = usable(spec);
  let d = '';
  let pen = false;
  const dots: string[] = [];
  for (const r of t.rows) {
    const v = spec.value(r.point);
    if (!ok(v)) {
      pen = false;
      continue;
    }
    const x = xOf(index.get(r.run)!, n).toFixed(1);
    const y = scale.y(v).toFixed(1);
    d += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
    if (t.rows.length <= MAX_DOTS)
      dots.push(
        `<path class="dot" d="M${x} ${y}h0"><title>${esc(`${t.candidate} · ${r.run.runId}: ${spec.format(v)}`)}</title></path>`,
      );
  }
  return `<g class="series" data-candidate="${esc(t.candidate)}" stroke="${color}"><path class="line" d="${d}"/>${dots.join('')}</g>`;
}
