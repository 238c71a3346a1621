/**
 * en-US digit grouping ("1,234,567.89") without `Intl.NumberFormat`, whose first use in a process
 * costs ~20 ms (ICU loads its number data). Rounds as Intl does: the shortest decimal that reads
 * back as the number, half away from zero (1.005 is "1.01", though 1.005 in binary is just under).
 */

let intl: Map<number, Intl.NumberFormat> | undefined;

/**
 * `abs` (finite, not negative) with exactly `decimals` decimals, grouped by thousands.
 * @example grouped(1234.005, 2) // '1,234.01'
 */
export function grouped(abs: number, decimals: 0 | 2): string {
  const text = String(abs);
  // exponent forms (below 1e-6, from 1e21) are rare enough to hand to Intl
  if (text.includes('e')) return intlFormat(abs, decimals);
  const dot = text.indexOf('.');
  const int = dot === -1 ? text : text.slice(0, dot);
  const frac = dot === -1 ? '' : text.slice(dot + 1);
  let digits = int + frac.slice(0, decimals).padEnd(decimals, '0');
  // the first dropped digit decides: 5 or more rounds up
  if (frac.length > decimals && frac.charCodeAt(decimals) >= 53) digits = plusOne(digits);
  const whole = digits.slice(0, digits.length - decimals) || '0';
  const groups = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return decimals === 0 ? groups : `${groups}.${digits.slice(digits.length - decimals)}`;
}

/** A string of decimal digits plus one ("199" -> "200", "99" -> "100"). */
function plusOne(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${String.fromCharCode(digits.charCodeAt(i) + 1)}${'0'.repeat(digits.length - i - 1)}`;
}

function intlFormat(abs: number, decimals: 0 | 2): string {
  intl ??= new Map();
  let f = intl.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    intl.set(decimals, f);
  }
  return f.format(abs);
}
