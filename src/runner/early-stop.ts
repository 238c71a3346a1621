import { addCase, type CaseSums, clusteredWilsonOfSums, emptyCaseSums } from '../stats/clustered-wilson.ts';
import { normalQuantile } from '../stats/normal-quantile.ts';
import { wilson } from '../stats/wilson.ts';

/** Looks before this many samples (with repeats: cases) are not taken: too little data to say anything. */
export const MIN_SAMPLES_FOR_EARLY_STOP = 10;

/** The family-wise error rate of the sequential rule (rule 2 below). */
export const EARLY_STOP_ALPHA = 0.05;

/**
 * z for a one-sided bound at alpha = 0.05 / planned: Bonferroni over every look the run could take
 * (at most one per sample, or with repeats one per case), so the chance of ever stopping a
 * candidate whose true accuracy is at or above the bar is at most about 5%.
 */
export function earlyStopZ(planned: number): number {
  return normalQuantile(1 - EARLY_STOP_ALPHA / Math.max(1, planned));
}

export interface EarlyStopState {
  /** Samples finished so far (a prefix of the candidate's plan). */
  samples: number;
  passed: number;
  /** Samples planned for the candidate. */
  planned: number;
  bar: number;
  /**
   * Samples per case. Repeats of one case are correlated (at temperature 0 they are often
   * identical), so with repeats the sequential rule takes the case as the unit: it needs `cases`.
   * @default 1
   */
  repeats?: number;
  /**
   * With repeats: the finished cases' running sums (`addCase` of each case's `[passed, scored]`),
   * given only when the prefix ends at a case's last repeat. The sequential rule then looks once per
   * case, at the pick's own interval (`clusteredWilson`, whose unit is the case) with the Bonferroni
   * z over the planned cases; between case ends only rule 1 looks.
   */
  cases?: CaseSums;
  /** With repeats: the cases planned (the looks rule 2 may take). @default ceil(planned / repeats) */
  plannedCases?: number;
}

/**
 * Decides whether a candidate can no longer reach the bar. Two rules:
 * 1. exact: even if every remaining sample passes, the final Wilson lower bound stays below the bar,
 *    so `meetsBar` is false however the run ends. This rule has no error: it never stops a candidate
 *    that running on could have carried over the bar.
 *    With repeats the pick's interval counts at most the samples (src/stats/clustered-wilson.ts),
 *    so this bound over the samples is still one it cannot beat.
 * 2. sequential: the one-sided upper bound at z = earlyStopZ(looks) is below the bar, so the true
 *    accuracy is below the bar with family-wise confidence of at least about 95% (error rate
 *    <= 5%, measured by `npm run simulate`). Without repeats it is Wilson over the samples, one look
 *    per sample; with repeats it is the case-level interval, one look per finished case.
 * @returns the reason, or null to keep going.
 */
export function earlyStopDecision(s: EarlyStopState): string | null {
  const remaining = Math.max(0, s.planned - s.samples);
  if (remaining === 0 || s.samples < MIN_SAMPLES_FOR_EARLY_STOP) return null;
  const best = wilson(s.passed + remaining, s.planned);
  if (best && best.low < s.bar) {
    return `its 95% lower bound cannot reach ${pct(s.bar)} even if all ${remaining} remaining samples pass (${s.passed}/${s.samples} so far)`;
  }
  const ci = sequentialBound(s);
  if (ci && ci.high < s.bar) {
    return `accuracy is below the ${pct(s.bar)} bar with 95% confidence (${s.passed}/${s.samples} passed, upper bound ${pct(ci.high)})`;
  }
  return null;
}

/**
 * Applies the early-stop rule to one candidate so that the samples it runs depend only on their
 * outcomes, never on timing. That is what lets a re-run served from the cache send no request.
 *
 * - Samples have a 0-based index in the candidate's plan (the seeded case order, repeats inside).
 * - The rule looks at the longest prefix of finished samples, once per prefix length, in order; the
 *   first look that fires is the stop point K.
 * - Sample i may start once the looks up to i + 1 - window are in. It runs iff the stop point is
 *   not among them (K > i + 1 - window), so exactly the samples before K + window - 1 run: the ones
 *   that were already under way, at most `window - 1` past the stop point, as with any concurrency.
 */
export interface EarlyStopper {
  /** Records a finished sample; returns the stop reason when this sample completes the stop. */
  /** `passed` is null for a sample that was not scored (an infrastructure error): it is no evidence either way. */
  finish(index: number, passed: boolean | null): string | null;
  /** Resolves once sample `index` can be decided (or the stopper is released, or the signal aborts). */
  ready(index: number, signal: AbortSignal): Promise<void>;
  /** True when sample `index` must not be sent. Final once `ready(index)` has resolved. */
  skips(index: number): boolean;
  /** Releases every waiter: the rest of the plan will not finish (budget, auth failure). */
  release(): void;
  /** The stop reason, or null. */
  readonly reason: string | null;
  /** The stop point K (samples in the prefix when the rule fired), or null. */
  readonly stoppedAt: number | null;
}

export interface EarlyStopperOptions {
  planned: number;
  bar: number;
  /** Samples that may be under way past the last look. The runner uses its concurrency. @default 1 */
  window?: number;
  repeats?: number;
}

export function createEarlyStopper(o: EarlyStopperOptions): EarlyStopper {
  const window = Math.max(1, o.window ?? 1);
  const repeats = Math.max(1, o.repeats ?? 1);
  const outcomes = new Map<number, boolean | null>();
  let prefix = 0;
  let passed = 0;
  const cases = caseTally(repeats);
  // not-scored samples leave the evidence and the plan: the rule judges the scored ones
  let notScored = 0;
  let stoppedAt: number | null = null;
  let reason: string | null = null;
  let released = false;
  const waiters = new Set<{ index: number; resolve(): void }>();
  const canDecide = (index: number) =>
    released || prefix >= index + 1 - window || (stoppedAt !== null && stoppedAt <= index + 1 - window);

  return {
    finish(index, ok) {
      if (outcomes.has(index) || index < prefix) return null;
      outcomes.set(index, ok);
      let fired: string | null = null;
      while (outcomes.has(prefix)) {
        const outcome = outcomes.get(prefix);
        if (outcome === null) notScored++;
        else if (outcome) passed++;
        outcomes.delete(prefix);
        prefix++;
        const finished = cases.add(outcome ?? null);
        if (stoppedAt === null) {
          const r = earlyStopDecision({
            samples: prefix - notScored,
            passed,
            planned: o.planned - notScored,
            bar: o.bar,
            repeats,
            plannedCases: Math.ceil(o.planned / repeats),
            ...(repeats > 1 && finished && { cases: finished }),
          });
          if (r) {
            stoppedAt = prefix;
            reason = r;
            fired = r;
          }
        }
      }
      for (const w of waiters) {
        if (canDecide(w.index)) {
          waiters.delete(w);
          w.resolve();
        }
      }
      return fired;
    },
    ready(index, signal) {
      if (canDecide(index) || signal.aborted) return Promise.resolve();
      return waitIn(waiters, index, signal);
    },
    skips(index) {
      return stoppedAt !== null && stoppedAt <= index + 1 - window;
    },
    release() {
      released = true;
      for (const w of waiters) w.resolve();
      waiters.clear();
    },
    get reason() {
      return reason;
    },
    get stoppedAt() {
      return stoppedAt;
    },
  };
}

/**
 * The finished cases' running sums, fed one sample at a time in plan order (case-major, `repeats`
 * samples per case). `add` returns the sums when the sample finished its case, else null.
 */
function caseTally(repeats: number): { add(passed: boolean | null): CaseSums | null } {
  const sums = emptyCaseSums();
  const current: [number, number] = [0, 0];
  let seen = 0;
  return {
    add(passed) {
      if (passed !== null) {
        current[0] += passed ? 1 : 0;
        current[1]++;
      }
      if (++seen % repeats !== 0) return null;
      addCase(sums, current);
      current[0] = 0;
      current[1] = 0;
      return sums;
    },
  };
}

/** A promise that resolves when the stopper wakes the waiter for `index`, or the signal aborts. */
function waitIn(
  waiters: Set<{ index: number; resolve(): void }>,
  index: number,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const w = {
      index,
      resolve: () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
    };
    const onAbort = () => {
      waiters.delete(w);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    waiters.add(w);
  });
}

/** Rule 2's interval: over the samples, or with repeats over the finished cases (null: no look now). */
function sequentialBound(s: EarlyStopState): { high: number } | null {
  const k = Math.max(1, s.repeats ?? 1);
  if (k === 1) return wilson(s.passed, s.samples, earlyStopZ(s.planned));
  if (!s.cases || s.cases.cases < MIN_SAMPLES_FOR_EARLY_STOP) return null;
  return clusteredWilsonOfSums(s.cases, earlyStopZ(s.plannedCases ?? Math.ceil(s.planned / k)));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
