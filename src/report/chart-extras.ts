/**
 * The points of the Pareto chart that are not candidates: cascades (simulated from the records) and
 * the oracle-router bound. Also the figures every point shows in its tooltip.
 */
import { formatUsd } from '../format/money.ts';
import { formatInt } from '../format/number.ts';
import { formatInterval, formatPct } from '../format/percent.ts';
import type { QualityAndCost, Summary } from '../log/summary-file.ts';

export interface Extra {
  id: string;
  kind: 'cascade' | 'oracle';
  text: string;
  costPerSuccessUsd: number;
  accuracy: number;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  detail: string;
  figures: ReturnType<typeof pointFigures>;
}

export type Figures = Pick<
  QualityAndCost,
  'accuracy' | 'accuracyLow' | 'accuracyHigh' | 'costPerSuccessUsd' | 'costPerSampleUsd' | 'samples'
>;

/** A point a log cost axis can show: an accuracy and a positive, finite cost per success. */
export function isPlottableFigures<T extends Figures>(
  c: T,
): c is T & { accuracy: number; costPerSuccessUsd: number } {
  return (
    c.accuracy !== null &&
    c.costPerSuccessUsd !== null &&
    c.costPerSuccessUsd > 0 &&
    Number.isFinite(c.costPerSuccessUsd)
  );
}

/** The cascades and the oracle that can be placed on the chart. */
export function extraPoints(summary: Summary): Extra[] {
  const out: Extra[] = [];
  for (const c of summary.cascades ?? []) {
    if (!isPlottableFigures(c)) continue;
    out.push({
      id: c.id,
      kind: 'cascade',
      text: c.id,
      costPerSuccessUsd: c.costPerSuccessUsd,
      accuracy: c.accuracy,
      accuracyLow: c.accuracyLow,
      accuracyHigh: c.accuracyHigh,
      detail: `cascade ${c.steps.join(' → ')}; ${formatPct(c.escalationRate)} escalated${c.optimistic ? `; ${c.optimistic}` : ''}`,
      figures: pointFigures(c),
    });
  }
  const o = summary.oracle;
  if (o && isPlottableFigures(o)) {
    out.push({
      id: 'oracle',
      kind: 'oracle',
      text: 'oracle router',
      costPerSuccessUsd: o.costPerSuccessUsd,
      accuracy: o.accuracy,
      accuracyLow: o.accuracyLow,
      accuracyHigh: o.accuracyHigh,
      detail: 'bound: per case, the cheapest candidate that passed',
      figures: pointFigures(o),
    });
  }
  return out;
}

/** A five-pointed star around (cx, cy), for the oracle bound. */
export function star(cx: number, cy: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 8 : 3.5;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${round(cx + r * Math.cos(a))},${round(cy + r * Math.sin(a))}`);
  }
  return pts.join(' ');
}

/** The figures a point shows in its tooltip and title. */
export function pointFigures(c: Figures) {
  return {
    accuracy: formatPct(c.accuracy),
    interval: formatInterval(c.accuracyLow, c.accuracyHigh),
    costPerSuccess: formatUsd(c.costPerSuccessUsd),
    costPerSample: formatUsd(c.costPerSampleUsd),
    samples: formatInt(c.samples),
  };
}

/** An SVG coordinate to a tenth of a pixel. */
export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
