/**
 * The exact McNemar test for paired pass/fail outcomes.
 *
 * Only the discordant pairs carry information: `b` cases passed before and fail now, `c` cases
 * failed before and pass now. Under "no change", each discordant pair is equally likely to go
 * either way, so `b ~ Binomial(b + c, 1/2)` and the two-sided p-value is
 * `min(1, 2 * P(X <= min(b, c)))`.
 */

/**
 * Exact two-sided McNemar p-value from the discordant counts.
 * @param b pairs that passed in the baseline and fail now
 * @param c pairs that failed in the baseline and pass now
 * @returns p in [0, 1] (it underflows to 0 only for astronomically significant counts); exactly 1 when
 * there are no discordant pairs
 * @example mcnemarExact(0, 6) // 0.03125
 */
export function mcnemarExact(b: number, c: number): number {
  assertCount(b, 'b');
  assertCount(c, 'c');
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}

/**
 * `P(X <= k)` for `X ~ Binomial(n, 1/2)`, computed in log space so that it stays accurate for
 * large `n` (where `2^-n` underflows).
 */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // log pmf(i) = log C(n, i) - n log 2, built up term by term
  const logHalfN = -n * Math.LN2;
  let logTerm = logHalfN; // i = 0
  const logs: number[] = [logTerm];
  let max = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    logs.push(logTerm);
    if (logTerm > max) max = logTerm;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}

/** `P(X = k)` for `X ~ Binomial(n, 1/2)`, in log space. */
export function binomialHalfPmf(k: number, n: number): number {
  if (k < 0 || k > n) return 0;
  let log = -n * Math.LN2;
  for (let i = 0; i < k; i++) log += Math.log(n - i) - Math.log(i + 1);
  return Math.exp(log);
}

/**
 * The one-sided mid-p McNemar p-value for "did it get worse?": `P(X < c) + P(X = c) / 2` for
 * `X ~ Binomial(b + c, 1/2)`, where `c` counts the cases that went up. The exact test counts the
 * observed outcome whole, which makes it conservative (its false-alarm rate sits well under alpha,
 * as the binomial is discrete); the mid-p counts it half, so its false-alarm rate sits at about alpha
 * and its power is higher.
 * @returns exactly 1 when there are no discordant pairs
 * @example mcnemarMidPLess(6, 0) // 1/128 = 0.0078125
 */
export function mcnemarMidPLess(b: number, c: number): number {
  assertCount(b, 'b');
  assertCount(c, 'c');
  const n = b + c;
  if (n === 0) return 1;
  return Math.max(0, binomialHalfCdf(c, n) - binomialHalfPmf(c, n) / 2);
}

function assertCount(x: number, name: string): void {
  if (!Number.isInteger(x) || x < 0) {
    throw new RangeError(`Expected \`${name}\` to be a whole number from 0 and up, got \`${x}\``);
  }
}
