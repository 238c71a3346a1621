/**
 * Number formatting for people, shared by every report. All functions are pure and locale-stable
 * (en-US), so reports are byte-identical wherever they are rendered.
 */

/** What an unknown value shows as. */
export const EMPTY = '—';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Dollars with a precision that suits the size: two decimals from $1 up, otherwise three
 * significant figures (trailing zeros trimmed, at least two decimals kept).
 * @example formatUsd(1.234) // '$1.23'
 * @example formatUsd(0.012345) // '$0.0123'
 * @example formatUsd(0.000045) // '$0.000045'
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return EMPTY;
  if (usd === 0) return '$0';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs >= 1) return `${sign}$${cents.format(abs)}`;
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(abs))));
  let text = abs.toFixed(decimals);
  // keep three significant figures but drop zeros that add nothing, e.g. 0.0450 -> 0.045
  while (text.endsWith('0') && text.length - text.indexOf('.') - 1 > 2) text = text.slice(0, -1);
  return `${sign}$${text}`;
}

/**
 * A proportion as a percentage with one decimal.
 * @example formatPct(0.9123) // '91.2%'
 */
export function formatPct(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return EMPTY;
  return `${(p * 100).toFixed(1)}%`;
}

/**
 * A quality bar as a percentage without needless decimals.
 * @example formatBar(0.9) // '90%'
 * @example formatBar(0.925) // '92.5%'
 */
export function formatBar(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return EMPTY;
  return `${Number((p * 100).toFixed(2))}%`;
}

/**
 * A 95% interval as a percentage range.
 * @example formatInterval(0.85, 0.951) // '85.0–95.1%'
 */
export function formatInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined) return EMPTY;
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
}

/** @example formatInt(12345) // '12,345' */
export function formatInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY;
  return intFormat.format(n);
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
 * A duration: milliseconds below a second, then seconds, then minutes.
 * @example formatMs(820) // '820 ms'
 * @example formatMs(1234) // '1.2 s'
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return EMPTY;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/**
 * An ISO timestamp as a UTC date and time, without depending on the local time zone.
 * @example formatDate('2025-03-04T05:06:07.000Z') // '2025-03-04 05:06 UTC'
 */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** @example formatBool(true) // 'yes' */
export function formatBool(b: boolean | null | undefined): string {
  if (b === null || b === undefined) return EMPTY;
  return b ? 'yes' : 'no';
}
