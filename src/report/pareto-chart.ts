/**
 * The Pareto chart's geometry, computed on the server: x = cost per success on a log scale,
 * y = accuracy 0..100%, Wilson interval bars, the frontier as a staircase, the quality bar, and a
 * label per point. The template only draws what this returns.
 */
import { formatUsd } from '../format/money.ts';
import { formatBar } from '../format/percent.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { extraPoints, isPlottableFigures, pointFigures, round, star } from './chart-extras.ts';
import { type Box, labelBox, placeLabels } from './label-layout.ts';
import { formatTickUsd, logPosition, logScale } from './log-scale.ts';

export interface ChartPoint {
  id: string;
  cx: number;
  cy: number;
  /** Top and bottom of the interval bar; equal to cy when the interval is unknown. */
  yHigh: number;
  yLow: number;
  label: { x: number; y: number; anchor: string };
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
  pick: boolean;
  frontier: boolean;
  /** Stopped early, or below the run's minCoverage: drawn hollow and dashed. */
  early: boolean;
  incomplete: boolean;
  /** Why it is drawn hollow (stopped early, incomplete), for the tooltip; '' otherwise. */
  detail: string;
  /** The label drawn beside it: the id, or its number in the chart's key on a compact chart. */
  text: string;
  /** Figures for the tooltip and the SVG title. */
  accuracy: string;
  interval: string;
  costPerSuccess: string;
  costPerSample: string;
  samples: string;
  title: string;
}

export interface ParetoChart {
  width: number;
  height: number;
  /** A compact chart (for a phone) labels its points with numbers, spelled out in `key`. */
  compact: boolean;
  plot: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  /** Where the accuracy axis title sits. */
  yTitleX: number;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  bar: { y: number; label: string } | null;
  /** SVG path of the frontier staircase, or null with fewer than two frontier points. */
  frontierPath: string | null;
  points: ChartPoint[];
  /** Candidates that cannot be placed on a log cost axis, with why. */
  unplotted: { id: string; reason: string }[];
  /** Cascades, simulated from the records: drawn as diamonds beside the candidates. */
  cascades: ExtraPoint[];
  /** The oracle-router bound, drawn for reference; null without cascades or when unplottable. */
  oracle: ExtraPoint | null;
  /** Cascades that cannot be placed, with why. */
  unplottedCascades: { id: string; reason: string }[];
  /** Something is left off the chart: the side panel lists it. */
  hasSide: boolean;
  /** Why the chart is empty, when nothing can be plotted; null otherwise. */
  empty: string | null;
  /** Some point stopped early / is incomplete: the legend explains how they are drawn. */
  hasEarly: boolean;
  hasIncomplete: boolean;
  /** Every point by its number, as a compact chart labels them. */
  key: ChartKeyEntry[];
}

export interface ChartKeyEntry {
  n: number;
  id: string;
  kind: 'candidate' | 'cascade' | 'oracle';
  accuracy: string;
  costPerSuccess: string;
  pick: boolean;
}

/** A point that is not a candidate: a cascade or the oracle router. */
export interface ExtraPoint {
  id: string;
  kind: 'cascade' | 'oracle';
  /** The label drawn beside it. */
  text: string;
  cx: number;
  cy: number;
  yHigh: number;
  yLow: number;
  /** SVG polygon points of the marker. */
  shape: string;
  label: { x: number; y: number; anchor: string };
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
  /** The label drawn beside it: its text, or its number on a compact chart. */
  labelText: string;
  accuracy: string;
  interval: string;
  costPerSuccess: string;
  costPerSample: string;
  samples: string;
  /** One line for the tooltip: the steps and escalation rate, or what the oracle is. */
  detail: string;
  title: string;
}

/** A chart's size in SVG units, and whether its points are labelled by number (see ParetoChart.compact). */
export interface ChartSize {
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
  yTitleX: number;
  compact: boolean;
}

/** The chart as a desktop shows it. */
export const WIDE_CHART: ChartSize = {
  width: 760,
  height: 440,
  margin: { left: 62, right: 34, top: 18, bottom: 50 },
  yTitleX: 16,
  compact: false,
};

/** The chart as a phone shows it: scaled to a ~340 px card, its 12 px text stays legible. */
export const COMPACT_CHART: ChartSize = {
  width: 400,
  height: 330,
  margin: { left: 56, right: 14, top: 14, bottom: 48 },
  yTitleX: 12,
  compact: true,
};

/** Labels may cross a line, but should rather not. */
const LINE_WEIGHT = 0.05;

type Plot = ParetoChart['plot'];
type Extra = ReturnType<typeof extraPoints>[number];
type PlottedCandidate = CandidateSummary & { accuracy: number; costPerSuccessUsd: number };
/** A marker's position: its centre and the ends of its interval bar. */
interface Placed {
  cx: number;
  cy: number;
  yHigh: number;
  yLow: number;
}
type Label = ReturnType<typeof placeLabels>[number];

function plotOf(size: ChartSize): Plot {
  const m = size.margin;
  return {
    left: m.left,
    top: m.top,
    right: size.width - m.right,
    bottom: size.height - m.bottom,
    width: size.width - m.left - m.right,
    height: size.height - m.top - m.bottom,
  };
}

/** The axes of a chart: where a cost per success and an accuracy go, and the ticks. */
function axesOf(summary: Summary, plot: Plot, plotted: PlottedCandidate[], extras: Extra[]) {
  const scale = logScale([
    ...plotted.map((c) => c.costPerSuccessUsd),
    ...extras.map((e) => e.costPerSuccessUsd),
  ]);
  const xOf = (v: number) => round(plot.left + logPosition(scale, v) * plot.width);
  const yRange = accuracyRange(summary, plotted, extras);
  const yOf = (p: number) => round(plot.bottom - ((p - yRange.min) / (1 - yRange.min)) * plot.height);
  const place = (x: {
    costPerSuccessUsd: number;
    accuracy: number;
    accuracyLow: number | null;
    accuracyHigh: number | null;
  }): Placed => ({
    cx: xOf(x.costPerSuccessUsd),
    cy: yOf(x.accuracy),
    yHigh: yOf(x.accuracyHigh ?? x.accuracy),
    yLow: yOf(x.accuracyLow ?? x.accuracy),
  });
  return { scale, yRange, xOf, yOf, place };
}

/**
 * Lays out the Pareto chart for a run.
 * @param size WIDE_CHART (the default) labels points with their ids; COMPACT_CHART with numbers
 */
export function buildParetoChart(summary: Summary, size: ChartSize = WIDE_CHART): ParetoChart {
  const plot = plotOf(size);
  const plotted = summary.candidates.filter(isPlottableFigures);
  const extras = extraPoints(summary);
  const { scale, yRange, xOf, yOf, place } = axesOf(summary, plot, plotted, extras);
  const bar =
    summary.qualityBar === null
      ? null
      : { y: yOf(summary.qualityBar), label: `quality bar ${formatBar(summary.qualityBar)}` };
  const pick = summary.recommendation.candidate;
  const base = plotted.map((c, i) => ({ c, n: i + 1, ...place(c) }));
  const extraBase = extras.map((e, i) => ({ e, n: plotted.length + i + 1, ...place(e) }));
  const text = (n: number, full: string) => (size.compact ? String(n) : full);
  const frontierPoints = sortFrontier(base.filter((p) => p.c.onFrontier));
  // the pick first, then left to right, so the most important label gets the best spot
  const order = [...base].sort((a, b) => Number(b.c.id === pick) - Number(a.c.id === pick) || a.cx - b.cx);
  const placed = placeLabels(
    [
      ...order.map((p) => ({ x: p.cx, y: p.cy, text: text(p.n, p.c.id), r: p.c.id === pick ? 11 : 5 })),
      ...extraBase.map((p) => ({ x: p.cx, y: p.cy, text: text(p.n, p.e.text), r: 7 })),
    ],
    chartObstacles({ base, extraBase, bar, frontierPoints, pick, plot }),
    // labels may spill into the top and right margins, never onto the axes' tick labels
    { x: plot.left, y: 0, w: size.width - plot.left, h: plot.bottom },
  );
  const labels = new Map(order.map((p, i) => [p.c.id, placed[i]!]));
  const extraPlaced = extraBase.map((p, i) =>
    extraPoint(p, p.e, placed[order.length + i]!, text(p.n, p.e.text)),
  );
  const points = base.map((p) => chartPoint(p, p.c, labels.get(p.c.id)!, pick, text(p.n, p.c.id)));
  // draw the pick last so it sits on top
  points.sort((a, b) => Number(a.pick) - Number(b.pick));
  const unplotted = summary.candidates
    .filter((c) => !isPlottableFigures(c))
    .map((c) => ({ id: c.id, reason: whyUnplotted(c) }));
  const cascadesLeftOff = unplottedCascades(summary);
  return {
    width: size.width,
    height: size.height,
    compact: size.compact,
    plot,
    yTitleX: size.yTitleX,
    xTicks: scale.ticks.map((t, i) => ({ x: xOf(t), label: tickLabel(t, i, scale.ticks.length, size) })),
    yTicks: yRange.ticks.map((p) => ({ y: yOf(p), label: `${Math.round(p * 100)}%` })),
    bar,
    frontierPath: frontierPath(frontierPoints),
    points,
    unplotted,
    cascades: extraPlaced.filter((p) => p.kind === 'cascade'),
    oracle: extraPlaced.find((p) => p.kind === 'oracle') ?? null,
    unplottedCascades: cascadesLeftOff,
    hasSide: unplotted.length + cascadesLeftOff.length > 0,
    empty: points.length + extraPlaced.length === 0 ? emptyReason(summary) : null,
    hasEarly: points.some((p) => p.early),
    hasIncomplete: points.some((p) => p.incomplete),
    key: [
      ...base.map((p) => keyEntry(p.n, p.c.id, 'candidate', pointFigures(p.c), p.c.id === pick)),
      ...extraBase.map((p) => keyEntry(p.n, p.e.text, p.e.kind, p.e.figures, false)),
    ],
  };
}

function keyEntry(
  n: number,
  id: string,
  kind: ChartKeyEntry['kind'],
  figures: ReturnType<typeof pointFigures>,
  pick: boolean,
): ChartKeyEntry {
  return { n, id, kind, accuracy: figures.accuracy, costPerSuccess: figures.costPerSuccess, pick };
}

/** A compact chart labels every other cost tick when there are more than four, so labels never touch. */
function tickLabel(t: number, i: number, count: number, size: ChartSize): string {
  if (size.compact && count > 4 && i % 2 === 1) return '';
  return formatTickUsd(t);
}

/** Why nothing is on the chart. */
function emptyReason(summary: Summary): string {
  if (summary.candidates.every((c) => c.samples === 0)) return 'Nothing to plot: no sample ran.';
  if (summary.candidates.every((c) => c.errored === c.samples))
    return 'Nothing to plot: every sample that ran ended in an error (see the errors above), so nothing was scored.';
  if (summary.candidates.every((c) => c.passed === 0))
    return 'Nothing to plot: no candidate had a success, so none has a cost per success.';
  return 'Nothing to plot: no candidate has both an accuracy and a cost per success.';
}

/** What labels should avoid: the markers, their interval bars, the bar line and the frontier. */
function chartObstacles(o: {
  base: Array<Placed & { c: PlottedCandidate }>;
  extraBase: Placed[];
  bar: { y: number; label: string } | null;
  frontierPoints: Placed[];
  pick: string | null;
  plot: Plot;
}): Box[] {
  const obstacles: Box[] = o.base.flatMap((p) => [
    p.c.id === o.pick
      ? { x: p.cx - 11, y: p.cy - 11, w: 22, h: 22 }
      : { x: p.cx - 6, y: p.cy - 6, w: 12, h: 12 },
    { x: p.cx - 1, y: p.yHigh, w: 2, h: p.yLow - p.yHigh },
  ]);
  for (const p of o.extraBase) {
    obstacles.push(
      { x: p.cx - 7, y: p.cy - 7, w: 14, h: 14 },
      { x: p.cx - 1, y: p.yHigh, w: 2, h: p.yLow - p.yHigh },
    );
  }
  if (o.bar) {
    obstacles.push(labelBox(o.bar.label, o.plot.right - 4, o.bar.y - 5, 'end'));
    obstacles.push({ x: o.plot.left, y: o.bar.y - 1, w: o.plot.width, h: 2, weight: LINE_WEIGHT });
  }
  for (const [i, p] of o.frontierPoints.entries()) {
    const next = o.frontierPoints[i + 1];
    if (!next) break;
    obstacles.push({ x: p.cx, y: p.cy - 1, w: next.cx - p.cx, h: 2, weight: LINE_WEIGHT });
    obstacles.push({ x: next.cx - 1, y: next.cy, w: 2, h: p.cy - next.cy, weight: LINE_WEIGHT });
  }
  return obstacles;
}

/** A cascade or the oracle as drawn: a diamond or a star, its label and its tooltip. */
function extraPoint(p: Placed, e: Extra, label: Label, labelText: string): ExtraPoint {
  return {
    id: e.id,
    kind: e.kind,
    text: e.text,
    labelText,
    cx: p.cx,
    cy: p.cy,
    yHigh: p.yHigh,
    yLow: p.yLow,
    shape:
      e.kind === 'cascade'
        ? `${p.cx},${round(p.cy - 7)} ${round(p.cx + 7)},${p.cy} ${p.cx},${round(p.cy + 7)} ${round(p.cx - 7)},${p.cy}`
        : star(p.cx, p.cy),
    label: { x: round(label.x), y: round(label.y), anchor: label.anchor },
    leader: label.leader,
    ...e.figures,
    detail: e.detail,
    title: `${e.text}\n${e.detail}\naccuracy ${e.figures.accuracy} (95% CI ${e.figures.interval})\n${e.figures.costPerSuccess} per success · ${e.figures.costPerSample} per sample\n${e.figures.samples} samples`,
  };
}

/** A candidate as drawn: its marker, its label and its tooltip. */
function chartPoint(
  p: Placed,
  c: PlottedCandidate,
  label: Label,
  pick: string | null,
  text: string,
): ChartPoint {
  const figures = pointFigures(c);
  return {
    id: c.id,
    text,
    early: c.earlyStopped,
    incomplete: c.incomplete === true,
    detail: [
      c.earlyStopped ? 'stopped early: fewer samples than planned' : '',
      c.incomplete ? 'incomplete: too few samples scored to be picked' : '',
    ]
      .filter(Boolean)
      .join('; '),
    cx: p.cx,
    cy: p.cy,
    yHigh: p.yHigh,
    yLow: p.yLow,
    label: { x: round(label.x), y: round(label.y), anchor: label.anchor },
    leader: label.leader,
    pick: c.id === pick,
    frontier: c.onFrontier,
    ...figures,
    title: `${c.id}\naccuracy ${figures.accuracy} (95% CI ${figures.interval})\n${figures.costPerSuccess} per success · ${figures.costPerSample} per sample\n${figures.samples} samples${c.earlyStopped ? '\nstopped early' : ''}${c.incomplete ? '\nincomplete' : ''}`,
  };
}

/** Cascades that cannot be placed on the chart, with why. */
function unplottedCascades(summary: Summary): ParetoChart['unplottedCascades'] {
  return (summary.cascades ?? [])
    .filter((c) => !isPlottableFigures(c))
    .map((c) => ({
      id: c.id,
      reason: c.samples === 0 ? 'no case where every step ran' : c.passed === 0 ? 'no successes' : 'unpriced',
    }));
}

/**
 * The accuracy axis runs from just below the lowest interval (or the bar) to 100%, in steps of 5 or
 * 10 points, so candidates at 85-99% are not squeezed into the top tenth of the chart.
 */
export function accuracyRange(
  summary: Summary,
  plotted: Array<{ accuracy: number; accuracyLow: number | null }>,
  extras: Array<{ accuracy: number; accuracyLow?: number | null }>,
): { min: number; ticks: number[] } {
  const lows = [...plotted, ...extras].map((p) => p.accuracyLow ?? p.accuracy);
  if (summary.qualityBar !== null) lows.push(summary.qualityBar);
  const lowest = lows.length ? Math.min(...lows) : 0;
  const step = lowest >= 0.6 ? 0.05 : 0.1;
  const min = Math.max(0, Math.floor((lowest - 0.02) / step) * step);
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= 1 + 1e-9; i++) ticks.push(Math.round((min + i * step) * 1000) / 1000);
  return { min: ticks[0] ?? 0, ticks };
}

function whyUnplotted(c: CandidateSummary): string {
  if (c.stopError) return `could not run (${c.stopError.kind})`;
  if (c.accuracy === null) return 'no samples run';
  if (c.passed === 0) return 'no successes';
  if (c.costPerSuccessUsd === null) return 'unpriced';
  return `${formatUsd(c.costPerSuccessUsd)} per success, which a log axis cannot show`;
}

/** Frontier points from cheapest to dearest (and, at equal cost, from less to more accurate). */
function sortFrontier<T extends { cx: number; cy: number }>(points: T[]): T[] {
  return [...points].sort((a, b) => a.cx - b.cx || b.cy - a.cy);
}

/** The staircase through the sorted frontier: across at each point's accuracy, then up to the next. */
function frontierPath(sorted: { cx: number; cy: number }[]): string | null {
  if (sorted.length < 2) return null;
  const [first, ...rest] = sorted;
  return `M${first!.cx} ${first!.cy}${rest.map((p) => ` H${p.cx} V${p.cy}`).join('')}`;
}
