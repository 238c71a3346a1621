/**
 * A paired, case-level significance test for "did the pass rate change?", sound with repeats.
 *
 * Samples of the same case are not independent (a hard case tends to fail every repeat), so the
 * unit of analysis is the case, never the sample. For each case seen in both runs we take
 * `d = current pass rate - baseline pass rate` and run a **paired sign-flip permutation test** on
 * `S = sum(d)`: under "no change" the two runs of a case are exchangeable, so each `d` is equally
 * likely to carry either sign. The two-sided p-value is `P(|S*| >= |S|)` over the 2^m sign flips.
 *
 * - With one sample per case on both sides this is exactly the two-sided exact McNemar test
 *   (`mcnemarExact`), and that is what is computed.
 * - Otherwise the differences are scaled to integers and the permutation distribution is computed
 *   exactly by dynamic programming when that is cheap (always, for ordinary suites).
 * - For very large runs it falls back to a seeded Monte Carlo estimate, `(1 + hits) / (1 + N)`,
 *   which is a valid (slightly conservative) p-value and is reproducible for a given seed.
 *
 * When the repeat counts differ between the runs the two sides are not exactly exchangeable, and
 * the test is then an approximation.
 */
import { binomialHalfCdf, mcnemarExact, mcnemarMidPLess } from './mcnemar.ts';
import { mulberry32 } from './prng.ts';

/** Passes out of samples for one case, e.g. `[2, 3]`. */
export type PassCount = readonly [passed: number, samples: number];

/** One case seen in both runs. */
export interface PairedCase {
  baseline: PassCount;
  current: PassCount;
}

export type PairedTestMethod =
  | 'mcnemar-exact'
  | 'mcnemar-mid-p'
  | 'sign-flip-exact'
  | 'sign-flip-mid-p'
  | 'sign-flip-monte-carlo';

export interface PairedTestResult {
  /** p-value in (0, 1], two-sided or one-sided as `alternative` asks. */
  p: number;
  method: PairedTestMethod;
  /** Cases in the test. */
  cases: number;
  /** Cases whose pass rate went down (with one sample per case: pass -> fail, McNemar's `b`). */
  worse: number;
  /** Cases whose pass rate went up (fail -> pass, McNemar's `c`). */
  better: number;
}

export interface PairedTestOptions {
  /**
   * Seed for the Monte Carlo fallback.
   * @default 20240501
   */
  seed?: number;
  /**
   * Monte Carlo resamples when the exact computation is too large.
   * @default 20000
   */
  iterations?: number;
  /**
   * Largest exact computation (cases x support size) before falling back to Monte Carlo.
   * @default 50_000_000
   */
  maxExactWork?: number;
  /**
   * `two-sided`: did the pass rate change? `less`: did it go down? (the gate's question: a
   * regression gate only fails on drops, so it tests one side and keeps the full 5% for it).
   * @default 'two-sided'
   */
  alternative?: 'two-sided' | 'less';
  /**
   * With `alternative: 'less'`, count the observed outcome half (`P(S* < S) + P(S* = S) / 2`): the
   * mid-p. The exact p counts it whole, which keeps the false-alarm rate well under alpha because
   * the distribution is discrete; the mid-p keeps it at about alpha, with more power. The gate uses
   * it; the two-sided p (`compare`) is always exact.
   * @default false
   */
  midP?: boolean;
}

const MAX_DENOMINATOR = 1_000_000;

/**
 * Paired case-level test of a change in pass rate between two runs (see the module comment).
 * @example pairedCaseTest([{ baseline: [1, 1], current: [0, 1] }]).p // 1
 */
export function pairedCaseTest(pairs: readonly PairedCase[], opts: PairedTestOptions = {}): PairedTestResult {
  for (const pair of pairs) {
    assertPassCount(pair.baseline, 'baseline');
    assertPassCount(pair.current, 'current');
  }
  const worse = pairs.filter((x) => rate(x.current) < rate(x.baseline)).length;
  const better = pairs.filter((x) => rate(x.current) > rate(x.baseline)).length;
  const base = { cases: pairs.length, worse, better };
  const less = opts.alternative === 'less';
  const mid = less && opts.midP === true;
  if (pairs.every((x) => x.baseline[1] === 1 && x.current[1] === 1)) {
    if (mid) return { ...base, p: mcnemarMidPLess(worse, better), method: 'mcnemar-mid-p' };
    // one-sided: P(at most `better` of the worse + better discordant cases went up by chance)
    const p = less
      ? worse + better === 0
        ? 1
        : binomialHalfCdf(better, worse + better)
      : mcnemarExact(worse, better);
    return { ...base, p, method: 'mcnemar-exact' };
  }
  const scaled = scaleDifferences(pairs);
  if (scaled !== null) {
    const total = scaled.reduce((s, v) => s + Math.abs(v), 0);
    const work = scaled.length * (2 * total + 1);
    if (work <= (opts.maxExactWork ?? 50_000_000)) {
      const p = exactSignFlip(scaled, less, mid);
      return { ...base, p, method: mid ? 'sign-flip-mid-p' : 'sign-flip-exact' };
    }
  }
  const diffs = scaled ?? pairs.map((x) => rate(x.current) - rate(x.baseline)).filter((d) => d !== 0);
  const p = monteCarloSignFlip(
    diffs,
    opts.seed ?? 20240501,
    opts.iterations ?? 20_000,
    scaled !== null,
    less,
    mid,
  );
  return { ...base, p, method: 'sign-flip-monte-carlo' };
}

function rate([k, n]: PassCount): number {
  return k / n;
}

/**
 * The non-zero differences as integers on a common denominator, or null when the denominator
 * would be too large to be useful.
 */
function scaleDifferences(pairs: readonly PairedCase[]): number[] | null {
  let lcmAll = 1;
  for (const { baseline, current } of pairs) {
    lcmAll = lcm(lcmAll, baseline[1] * current[1]);
    if (lcmAll > MAX_DENOMINATOR) return null;
  }
  const out: number[] = [];
  for (const { baseline, current } of pairs) {
    const den = baseline[1] * current[1];
    const num = current[0] * baseline[1] - baseline[0] * current[1];
    if (num !== 0) out.push(num * (lcmAll / den));
  }
  return out;
}

/**
 * `P(|S*| >= |S|)` over all sign flips (or `P(S* <= S)` when `less`, `P(S* < S) + P(S* = S) / 2`
 * with `mid`), by dynamic programming over the integer sums.
 */
function exactSignFlip(values: readonly number[], less = false, mid = false): number {
  const signed = values.reduce((s, v) => s + v, 0);
  const observed = Math.abs(signed);
  const total = values.reduce((s, v) => s + Math.abs(v), 0);
  const offset = total;
  let dist = new Float64Array(2 * total + 1);
  dist[offset] = 1;
  let reach = 0; // sums so far lie in [-reach, reach]
  for (const value of values) {
    const v = Math.abs(value);
    const next = new Float64Array(dist.length);
    for (let s = -reach; s <= reach; s++) {
      const prob = dist[offset + s]!;
      if (prob === 0) continue;
      next[offset + s + v]! += prob / 2;
      next[offset + s - v]! += prob / 2;
    }
    dist = next;
    reach += v;
  }
  let p = 0;
  for (let s = -total; s <= total; s++) {
    const weight = mid && s === signed ? 0.5 : 1;
    if (less ? s <= signed : Math.abs(s) >= observed) p += weight * dist[offset + s]!;
  }
  // no discordant case: nothing to test
  return values.length === 0 ? 1 : Math.min(1, p);
}

/**
 * Seeded Monte Carlo estimate of `P(|S*| >= |S|)` (or the one-sided p), as
 * `(1 + hits) / (1 + iterations)`; with `mid`, a tie counts as half a hit.
 */
function monteCarloSignFlip(
  values: readonly number[],
  seed: number,
  iterations: number,
  exact: boolean,
  less = false,
  mid = false,
): number {
  const signed = values.reduce((s, v) => s + v, 0);
  const observed = Math.abs(signed);
  // float sums of rates can differ in the last bits; integers compare exactly
  const tolerance = exact ? 0 : 1e-9;
  const rand = mulberry32(seed);
  let hits = 0;
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < values.length; i++) {
      if (i % 32 === 0) bits = (rand() * 4294967296) >>> 0;
      sum += (bits >>> (i % 32)) & 1 ? values[i]! : -values[i]!;
    }
    if (less ? sum <= signed + tolerance : Math.abs(sum) >= observed - tolerance) {
      hits += mid && Math.abs(sum - signed) <= tolerance ? 0.5 : 1;
    }
  }
  return (1 + hits) / (1 + iterations);
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function assertPassCount(x: PassCount, side: string): void {
  const [k, n] = x;
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 1 || k < 0 || k > n) {
    throw new RangeError(
      `Expected ${side} pass count [passed, samples] with 0 <= passed <= samples and samples >= 1, got [${k}, ${n}]`,
    );
  }
}
