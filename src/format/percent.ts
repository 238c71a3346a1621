/** Proportions and their changes as percentages, for the console, the reports and the gate. */
import { EMPTY } from './empty.ts';

const isNumber = (x: number | null | undefined): x is number =>
  x !== null && x !== undefined && Number.isFinite(x);

/**
 * A proportion as a percentage.
 * @param digits decimals shown @default 1
 * @example formatPct(0.9123) // '91.2%'
 */
export function formatPct(p: number | null | undefined, digits = 1): string {
  if (!isNumber(p)) return EMPTY;
  return `${(p * 100).toFixed(digits)}%`;
}

/**
 * A quality bar as a percentage without needless decimals.
 * @example formatBar(0.9) // '90%'
 * @example formatBar(0.925) // '92.5%'
 */
export function formatBar(p: number | null | undefined): string {
  if (!isNumber(p)) return EMPTY;
  return `${Number((p * 100).toFixed(2))}%`;
}

/**
 * A 95% interval as a percentage range.
 * @example formatInterval(0.85, 0.951) // '85.0–95.1%'
 */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (!isNumber(low) || !isNumber(high)) return EMPTY;
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
}

/** `+`, `-`, or `±` for a change that rounds to zero at one decimal. */
function signOf(x: number): string {
  return x >= 0.05 ? '+' : x <= -0.05 ? '-' : '±';
}

/**
 * An absolute change of a proportion, in percentage points.
 * @example formatPoints(-0.031) // '-3.1 pts'
 */
export function formatPoints(x: number | null | undefined): string {
  if (!isNumber(x)) return EMPTY;
  const pts = x * 100;
  return `${signOf(pts)}${Math.abs(pts).toFixed(1)} pts`;
}

/**
 * A relative change.
 * @example formatRelative(0.2) // '+20.0%'
 */
export function formatRelative(x: number | null | undefined): string {
  if (!isNumber(x)) return EMPTY;
  const pct = x * 100;
  return `${signOf(pct)}${Math.abs(pct).toFixed(1)}%`;
}
