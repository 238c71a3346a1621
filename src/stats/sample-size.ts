/**
 * How many cases a suite needs, before anything is spent.
 *
 * - `casesToClearBar`: a candidate whose true accuracy is `accuracy` clears the bar on the pick's
 *   rule (the 95% Wilson lower bound ≥ bar) only with enough cases. This is the smallest count at
 *   which the expected result (accuracy × cases passed) clears it.
 * - `casesForGatePower`: the gate's accuracy check is a one-sided mid-p McNemar test at 0.05. For
 *   a baseline accuracy `p0` and a true drop `drop`, with cases that pass or fail independently in
 *   the two runs (the least favourable case: correlated runs have fewer discordant pairs and more
 *   power), this is the smallest count at which the check fails with probability ≥ `power`,
 *   computed over the exact binomial distributions, not simulated.
 */
import { wilson } from './wilson.ts';

/** The most cases the planner looks at; past it the answer is "more than this". */
export const MAX_PLANNED_CASES = 10_000;

/**
 * The smallest number of cases at which `accuracy` clears `bar` on its 95% lower bound.
 * @returns null when it never does (accuracy at or below the bar), or past MAX_PLANNED_CASES
 * @example casesToClearBar(1, 0.8) // 16: at 15 cases even 15/15 has a lower bound of 79.6%
 */
export function casesToClearBar(accuracy: number, bar: number): number | null {
  if (accuracy <= bar) return null;
  const clears = (n: number) => (wilson(accuracy * n, n)?.low ?? 0) >= bar;
  // the lower bound grows with n at a fixed accuracy: double, then bisect
  let hi = 1;
  while (!clears(hi)) {
    if (hi >= MAX_PLANNED_CASES) return null;
    hi = Math.min(MAX_PLANNED_CASES, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (clears(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The probability that the gate's one-sided mid-p McNemar test (p < alpha) fails a run of `cases`
 * cases whose accuracy truly dropped from `p0` by `drop`, with independent outcomes.
 */
export function gatePower(cases: number, p0: number, drop: number, alpha = 0.05): number {
  const p1 = Math.max(0, p0 - drop);
  const worse = p0 * (1 - p1); // passed before, fails now
  const better = (1 - p0) * p1;
  const discordant = worse + better;
  if (discordant === 0) return 0;
  const share = worse / discordant;
  // discordant counts beyond 8 standard deviations of their mean carry no weight worth summing
  const mean = cases * discordant;
  const sd = Math.sqrt(cases * discordant * (1 - discordant));
  const from = Math.max(1, Math.floor(mean - 8 * sd));
  const to = Math.min(cases, Math.ceil(mean + 8 * sd));
  let power = 0;
  for (let d = from; d <= to; d++) {
    const crit = criticalWorse(d, alpha);
    if (crit <= d) power += binomialPmf(d, cases, discordant) * binomialUpperTail(crit, d, share);
  }
  return Math.min(1, power);
}

/**
 * The smallest number of cases at which the gate catches a true drop with the given power.
 * @returns null past MAX_PLANNED_CASES
 * @example casesForGatePower(0.85, 0.1) // 198
 */
export function casesForGatePower(p0: number, drop: number, power = 0.8, alpha = 0.05): number | null {
  // a pure function of four numbers that costs up to ~0.4 s: each answer is worked out once
  const key = `${p0}|${drop}|${power}|${alpha}`;
  if (!CASES_FOR_POWER.has(key)) CASES_FOR_POWER.set(key, searchCasesForPower(p0, drop, power, alpha));
  return CASES_FOR_POWER.get(key)!;
}

const CASES_FOR_POWER = new Map<string, number | null>();

function searchCasesForPower(p0: number, drop: number, power: number, alpha: number): number | null {
  let hi = 8;
  while (gatePower(hi, p0, drop, alpha) < power) {
    if (hi >= MAX_PLANNED_CASES) return null;
    hi = Math.min(MAX_PLANNED_CASES, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (gatePower(mid, p0, drop, alpha) >= power) hi = mid;
    else lo = mid;
  }
  // power is not quite monotone in n (the test is discrete): within a case or two of this
  return hi;
}

/**
 * Smallest b with P(X > b) + P(X = b) / 2 < alpha for X ~ Binomial(d, 1/2): the one-sided mid-p
 * McNemar rejection (src/stats/mcnemar.ts, `mcnemarMidPLess`).
 */
function criticalWorse(d: number, alpha: number): number {
  const midP = (b: number) => binomialUpperTail(b, d, 0.5) - binomialPmf(b, d, 0.5) / 2;
  const rejects = (b: number) => b <= d && midP(b) < alpha;
  // start from the normal approximation, then step to the exact boundary
  let b = Math.min(d + 1, Math.max(0, Math.ceil(d / 2 + 0.8 * Math.sqrt(d))));
  while (b <= d && !rejects(b)) b++;
  while (b > 0 && rejects(b - 1)) b--;
  return b;
}

function binomialPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/**
 * P(X ≥ k) for X ~ Binomial(n, p). It sums the smaller tail outward from its inner end and stops
 * once the terms no longer move the sum, so it costs about the spread of X, not n.
 */
function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const mode = Math.floor((n + 1) * p);
  if (k > mode) return sumOutward(k, n, p, +1);
  return Math.max(0, 1 - sumOutward(k - 1, n, p, -1));
}

/** Σ pmf(i) for i from `from` stepping by `step` to the end of that tail (terms only shrink). */
function sumOutward(from: number, n: number, p: number, step: 1 | -1): number {
  let sum = 0;
  for (let i = from; i >= 0 && i <= n; i += step) {
    const term = binomialPmf(i, n, p);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIALS: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIALS.length; i <= n; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[n]!;
}
