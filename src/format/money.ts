/**
 * Money for people, the one format of the console, the reports, the gate and the estimate. Pure and
 * locale-stable (en-US), so reports are byte-identical wherever they are rendered.
 */
import { EMPTY } from './empty.ts';
import { grouped } from './grouped.ts';

/**
 * Dollars with a precision that suits the size: two decimals from $1 up, otherwise three
 * significant figures (trailing zeros trimmed, at least two decimals kept). Below a nano-dollar is
 * zero: sums of float costs differ in the last bits.
 * @example formatUsd(1.234) // '$1.23'
 * @example formatUsd(0.012345) // '$0.0123'
 * @example formatUsd(0.000045) // '$0.000045'
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return EMPTY;
  if (Math.abs(usd) < 1e-9) return '$0';
  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs >= 1) return `${sign}$${grouped(abs, 2)}`;
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(abs))));
  let text = abs.toFixed(decimals);
  // keep three significant figures but drop zeros that add nothing, e.g. 0.0450 -> 0.045
  while (text.endsWith('0') && text.length - text.indexOf('.') - 1 > 2) text = text.slice(0, -1);
  return `${sign}$${text}`;
}
