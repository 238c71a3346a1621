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
  plot: { left: number; top: number; right: number; bottom: number; width: number; height: number };
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
  accuracy: string;
  interval: string;
  costPerSuccess: string;
  costPerSample: string;
  samples: string;
  /** One line for the tooltip: the steps and escalation rate, or what the oracle is. */
  detail: string;
  title: string;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 62, right: 34, top: 18, bottom: 50 };
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

const PLOT: Plot = {
  left: MARGIN.left,
  top: MARGIN.top,
  right: WIDTH - MARGIN.right,
  bottom: HEIGHT - MARGIN.bottom,
  width: WIDTH - MARGIN.left - MARGIN.right,
  height: HEIGHT - MARGIN.top - MARGIN.bottom,
};

/** Lays out the Pareto chart for a run. */
export function buildParetoChart(summary: Summary): ParetoChart {
  const plot = { ...PLOT };
  const plotted = summary.candidates.filter(isPlottableFigures);
  const extras = extraPoints(summary);
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

  const bar =
    summary.qualityBar === null
      ? null
      : { y: yOf(summary.qualityBar), label: `quality bar ${formatBar(summary.qualityBar)}` };
  const pick = summary.recommendation.candidate;
  const base = plotted.map((c) => ({ c, ...place(c) }));
  const extraBase = extras.map((e) => ({ e, ...place(e) }));
  const frontierPoints = sortFrontier(base.filter((p) => p.c.onFrontier));
  // the pick first, then left to right, so the most important label gets the best spot
  const order = [...base].sort((a, b) => Number(b.c.id === pick) - Number(a.c.id === pick) || a.cx - b.cx);
  const placed = placeLabels(
    [
      ...order.map((p) => ({ x: p.cx, y: p.cy, text: p.c.id, r: p.c.id === pick ? 11 : 5 })),
      ...extraBase.map((p) => ({ x: p.cx, y: p.cy, text: p.e.text, r: 7 })),
    ],
    chartObstacles({ base, extraBase, bar, frontierPoints, pick }),
    // labels may spill into the top and right margins, never onto the axes' tick labels
    { x: plot.left, y: 0, w: WIDTH - plot.left, h: plot.bottom },
  );
  const labels = new Map(order.map((p, i) => [p.c.id, placed[i]!]));
  const extraPlaced = extraBase.map((p, i) => extraPoint(p, p.e, placed[order.length + i]!));
  const points = base.map((p) => chartPoint(p, p.c, labels.get(p.c.id)!, pick));
  // draw the pick last so it sits on top
  points.sort((a, b) => Number(a.pick) - Number(b.pick));

  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    xTicks: scale.ticks.map((t) => ({ x: xOf(t), label: formatTickUsd(t) })),
    yTicks: yRange.ticks.map((p) => ({ y: yOf(p), label: `${Math.round(p * 100)}%` })),
    bar,
    frontierPath: frontierPath(frontierPoints),
    points,
    unplotted: summary.candidates
      .filter((c) => !isPlottableFigures(c))
      .map((c) => ({ id: c.id, reason: whyUnplotted(c) })),
    cascades: extraPlaced.filter((p) => p.kind === 'cascade'),
    oracle: extraPlaced.find((p) => p.kind === 'oracle') ?? null,
    unplottedCascades: unplottedCascades(summary),
  };
}

/** What labels should avoid: the markers, their interval bars, the bar line and the frontier. */
function chartObstacles(o: {
  base: Array<Placed & { c: PlottedCandidate }>;
  extraBase: Placed[];
  bar: { y: number; label: string } | null;
  frontierPoints: Placed[];
  pick: string | null;
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
    obstacles.push(labelBox(o.bar.label, PLOT.right - 4, o.bar.y - 5, 'end'));
    obstacles.push({ x: PLOT.left, y: o.bar.y - 1, w: PLOT.width, h: 2, weight: LINE_WEIGHT });
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
function extraPoint(p: Placed, e: Extra, label: Label): ExtraPoint {
  return {
    id: e.id,
    kind: e.kind,
    text: e.text,
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
function chartPoint(p: Placed, c: PlottedCandidate, label: Label, pick: string | null): ChartPoint {
  const figures = pointFigures(c);
  return {
    id: c.id,
    cx: p.cx,
    cy: p.cy,
    yHigh: p.yHigh,
    yLow: p.yLow,
    label: { x: round(label.x), y: round(label.y), anchor: label.anchor },
    leader: label.leader,
    pick: c.id === pick,
    frontier: c.onFrontier,
    ...figures,
    title: `${c.id}\naccuracy ${figures.accuracy} (95% CI ${figures.interval})\n${figures.costPerSuccess} per success · ${figures.costPerSample} per sample\n${figures.samples} samples`,
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
