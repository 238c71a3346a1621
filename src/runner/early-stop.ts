import { wilson } from '../stats/wilson.ts';

/** Looks before this many samples are not taken: too little data to say anything. */
export const MIN_SAMPLES_FOR_EARLY_STOP = 10;

/**
 * z for a one-sided bound at alpha = 0.05 / planned: Bonferroni over every look the run could take,
 * so the chance of ever stopping a candidate whose true accuracy clears the bar is at most ~5%.
 */
export function earlyStopZ(planned: number): number {
  return normalQuantile(1 - 0.05 / Math.max(1, planned));
}

/**
 * Decides whether a candidate can no longer reach the bar. Two rules:
 * 1. exact: even if every remaining sample passes, the final Wilson lower bound stays below the bar;
 * 2. sequential: the Wilson upper bound at z = earlyStopZ(planned) is below the bar, so the true
 *    accuracy is below the bar with family-wise confidence of about 95%.
 * @returns the reason, or null to keep going.
 */
export function earlyStopDecision(s: { samples: number; passed: number; planned: number; bar: number }): string | null {
  const remaining = Math.max(0, s.planned - s.samples);
  if (remaining === 0 || s.samples < MIN_SAMPLES_FOR_EARLY_STOP) return null;
  const best = wilson(s.passed + remaining, s.planned);
  if (best && best.low < s.bar) {
    return `cannot reach the ${pct(s.bar)} bar even if all ${remaining} remaining samples pass (${s.passed}/${s.samples} so far)`;
  }
  const ci = wilson(s.passed, s.samples, earlyStopZ(s.planned));
  if (ci && ci.high < s.bar) {
    return `accuracy is below the ${pct(s.bar)} bar with 95% confidence (${s.passed}/${s.samples} passed, upper bound ${pct(ci.high)})`;
  }
  return null;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
