/** Counts, ratios, p-values and yes/no for people. Locale-stable (en-US). */
import { EMPTY } from './empty.ts';
import { grouped } from './grouped.ts';

/** @example formatInt(12345) // '12,345' */
export function formatInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
  // as Intl writes it: a minus for any negative number, -0 included
  return `${n < 0 || Object.is(n, -0) ? '-' : ''}${grouped(Math.abs(n), 0)}`;
}

/**
 * A mean or ratio with up to two decimals.
 * @example formatDecimal(1.5) // '1.5'
 */
export function formatDecimal(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
  return String(Number(n.toFixed(2)));
}

/**
 * A p-value with three decimals.
 * @example formatP(0.021484375) // '0.021'
 * @example formatP(0.0004) // '<0.001'
 */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return EMPTY;
  if (p < 0.001) return '<0.001';
  if (p >= 0.9995) return '1';
  return p.toFixed(3);
}

/** @example formatBool(true) // 'yes' */
export function formatBool(b: boolean | null | undefined): string {
  if (b === null || b === undefined) return EMPTY;
  return b ? 'yes' : 'no';
}
