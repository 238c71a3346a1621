/**
 * A base-10 log scale with "nice" ticks (1, 2, 5 × 10^k and the like) for the cost axis.
 */

import { grouped } from '../format/grouped.ts';
import { formatUsd } from '../format/money.ts';

export interface LogScale {
  /** The domain's ends, both > 0 and both on a tick. */
  min: number;
  max: number;
  ticks: number[];
}

/**
 * A domain that holds every value with some padding, snapped outwards to tick values, and the
 * ticks inside it. Wide ranges get only powers of ten; narrow ones get more ticks per decade.
 * @param values positive, finite values (at least one)
 * @example logScale([0.0002, 0.004]).ticks // [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005]
 */
export function logScale(values: number[]): LogScale {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { min: 0.001, max: 1, ticks: [0.001, 0.01, 0.1, 1] };
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const span = Math.log10(hi / lo);
  const mantissas = span > 3 ? [1] : span > 1 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
  // pad so points never sit on the frame: at least a third of a decade overall
  const pad = 10 ** Math.max(0.06 * span, span < 0.6 ? (0.6 - span) / 2 : 0.06);
  const min = tickAtOrBelow(lo / pad, mantissas);
  const max = tickAtOrAbove(hi * pad, mantissas);
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of mantissas) {
      const t = clean(m * 10 ** k);
      if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.push(t);
    }
  }
  return { min, max, ticks };
}

/** Maps a value to [0, 1] across the scale's domain. */
export function logPosition(scale: LogScale, v: number): number {
  return (Math.log10(v) - Math.log10(scale.min)) / (Math.log10(scale.max) - Math.log10(scale.min));
}

/**
 * A tick label: whole dollars without cents, smaller amounts with their significant digits.
 * @example formatTickUsd(0.0001) // '$0.0001'
 * @example formatTickUsd(10) // '$10'
 */
export function formatTickUsd(v: number): string {
  if (v >= 1 && Number.isInteger(v)) return `$${grouped(v, 0)}`;
  return formatUsd(v);
}

function tickAtOrBelow(v: number, mantissas: number[]): number {
  const k = Math.floor(Math.log10(v));
  let best = clean(10 ** k);
  for (const m of mantissas) if (clean(m * 10 ** k) <= v) best = clean(m * 10 ** k);
  return best;
}

function tickAtOrAbove(v: number, mantissas: number[]): number {
  const k = Math.floor(Math.log10(v));
  for (const m of mantissas) if (clean(m * 10 ** k) >= v) return clean(m * 10 ** k);
  return clean(10 ** (k + 1));
}

/** Removes float noise such as 0.30000000000000004. */
function clean(v: number): number {
  return Number(v.toPrecision(6));
}
