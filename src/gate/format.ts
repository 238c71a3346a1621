/** Number and text formatting shared by the gate's console table, Markdown and JUnit output. */

/** 0.9234 -> `92.3%`; null -> `-`. */
export function formatPercent(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

/** An absolute accuracy change in percentage points: -0.031 -> `-3.1 pts`. */
export function formatPoints(x: number | null): string {
  if (x === null) return '-';
  const pts = x * 100;
  return `${pts >= 0.05 ? '+' : pts <= -0.05 ? '-' : '±'}${Math.abs(pts).toFixed(1)} pts`;
}

/** A relative change: 0.2 -> `+20.0%`. */
export function formatRelative(x: number | null): string {
  if (x === null) return '-';
  const pct = x * 100;
  return `${pct >= 0.05 ? '+' : pct <= -0.05 ? '-' : '±'}${Math.abs(pct).toFixed(1)}%`;
}

/** USD with three significant digits for small amounts: `$0.000123`, `$1.50`. */
export function formatUsd(x: number | null): string {
  if (x === null) return '-';
  // sums of float costs differ in the last bits: below a nano-dollar is zero
  if (Math.abs(x) < 1e-9) return '$0';
  const abs = Math.abs(x);
  if (abs >= 1) return `${x < 0 ? '-' : ''}$${abs.toFixed(2)}`;
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(abs))));
  return `${x < 0 ? '-' : ''}$${abs.toFixed(decimals)}`;
}

/** A p-value: `0.021`, `<0.001`, `1`. */
export function formatP(p: number | null): string {
  if (p === null) return '-';
  if (p < 0.001) return '<0.001';
  if (p >= 0.9995) return '1';
  return p.toFixed(3);
}

export { escapeControl } from '../escape-control.ts';

/** The number cells of a verdict, formatted for its check (percent, points, USD, relative). */
export function verdictCells(v: {
  check: 'bar' | 'accuracy' | 'cost';
  baseline: number | null;
  current: number | null;
  delta: number | null;
  p: number | null;
}): { baseline: string; current: string; delta: string; p: string } {
  if (v.check === 'cost') {
    return {
      baseline: formatUsd(v.baseline),
      current: formatUsd(v.current),
      delta: formatRelative(v.delta),
      p: '-',
    };
  }
  return {
    baseline: formatPercent(v.baseline),
    current: formatPercent(v.current),
    delta: formatPoints(v.delta),
    p: formatP(v.p),
  };
}

/** The words for a verdict status. */
export const STATUS_WORD = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
