/**
 * A paired test of "did cost per success go up?" between two runs of the same cases.
 *
 * Cost per success over a set of cases is `sum(cost) / sum(passes)`. Under "nothing changed" the
 * two runs of a case are exchangeable: which run's cost and passes were the baseline's is a coin
 * flip. The test swaps each case's (cost, passes) between the runs at random and asks how often the
 * ratio `current / baseline` of the cost per success is at least the observed one:
 * `p = (1 + hits) / (1 + iterations)`, a valid p-value (slightly conservative) that is the same on
 * every run for a given seed. Only the cases both runs scored take part: cost per success over
 * different case sets compares the cases as much as the runs.
 */
import { mulberry32 } from './prng.ts';

/** One case in both runs: what its samples cost (USD) and how many passed, in each run. */
export interface PairedCost {
  baseline: readonly [costUsd: number, passed: number];
  current: readonly [costUsd: number, passed: number];
}

export interface PairedCostResult {
  /** Cost per success over the cases, in each run; null when a run has no successes. */
  baseline: number | null;
  current: number | null;
  /** `current / baseline − 1`, or null when either is null or the baseline is 0. */
  relative: number | null;
  /** One-sided p-value for "cost per success went up"; 1 when it did not. */
  p: number;
  cases: number;
}

export interface PairedCostOptions {
  /** @default 20240501 */
  seed?: number;
  /** @default 2000 */
  iterations?: number;
}

/**
 * Cost per success of both runs over the paired cases, and the permutation p-value that the rise
 * is more than chance (see the module comment).
 * @example pairedCostTest([{ baseline: [0.01, 1], current: [0.02, 1] }]).relative // 1
 */
export function pairedCostTest(pairs: readonly PairedCost[], opts: PairedCostOptions = {}): PairedCostResult {
  let costB = 0;
  let passB = 0;
  let costC = 0;
  let passC = 0;
  for (const { baseline, current } of pairs) {
    costB += baseline[0];
    passB += baseline[1];
    costC += current[0];
    passC += current[1];
  }
  const before = passB > 0 ? costB / passB : null;
  const after = passC > 0 ? costC / passC : null;
  const relative = before !== null && after !== null && before > 0 ? after / before - 1 : null;
  const observed = ratio(costC, passC, costB, passB);
  const p = observed > 1 ? permutationP(pairs, observed, opts) : 1;
  return { baseline: before, current: after, relative, p, cases: pairs.length };
}

/** `(cc / pc) / (cb / pb)`, with a current run without successes (or a free baseline) at +∞. */
function ratio(cc: number, pc: number, cb: number, pb: number): number {
  if (pc === 0) return cc > 0 || pb > 0 ? Number.POSITIVE_INFINITY : 1;
  if (pb === 0 || cb === 0) return cc > 0 ? Number.POSITIVE_INFINITY : 1;
  return (cc * pb) / (pc * cb);
}

/** `(1 + hits) / (1 + N)`: the share of random swaps whose ratio is at least the observed one. */
function permutationP(pairs: readonly PairedCost[], observed: number, opts: PairedCostOptions): number {
  const rand = mulberry32(opts.seed ?? 20240501);
  const iterations = opts.iterations ?? 2000;
  // a swap moves each case's difference from one run to the other: keep the totals and the differences
  const n = pairs.length;
  const dCost = new Float64Array(n);
  const dPass = new Float64Array(n);
  let costB = 0;
  let passB = 0;
  let costC = 0;
  let passC = 0;
  for (let i = 0; i < n; i++) {
    const { baseline, current } = pairs[i]!;
    costB += baseline[0];
    passB += baseline[1];
    costC += current[0];
    passC += current[1];
    dCost[i] = current[0] - baseline[0];
    dPass[i] = current[1] - baseline[1];
  }
  // the observed ratio as a float; a swap that reproduces it must count as a hit
  const tolerance = 1e-12;
  let hits = 0;
  for (let it = 0; it < iterations; it++) {
    let cc = costC;
    let pc = passC;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if (i % 32 === 0) bits = (rand() * 4294967296) >>> 0;
      if ((bits >>> (i % 32)) & 1) {
        cc -= dCost[i]!;
        pc -= dPass[i]!;
      }
    }
    // what one run gains the other loses
    const cb = costB + costC - cc;
    const pb = passB + passC - pc;
    if (ratio(cc, Math.round(pc), cb, Math.round(pb)) >= observed * (1 - tolerance)) hits++;
  }
  return (1 + hits) / (1 + iterations);
}
