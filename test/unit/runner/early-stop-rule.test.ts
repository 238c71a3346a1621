import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEarlyStopper,
  earlyStopDecision,
  MIN_SAMPLES_FOR_EARLY_STOP,
} from '../../../src/runner/early-stop.ts';
import { mulberry32 } from '../../../src/stats/prng.ts';
import { wilson } from '../../../src/stats/wilson.ts';

/** Runs the rule over a sequence of outcomes, one look per sample, as the runner does. */
function firstStop(outcomes: boolean[], bar: number, repeats = 1): { at: number; reason: string } | null {
  let passed = 0;
  for (let k = 1; k <= outcomes.length; k++) {
    if (outcomes[k - 1]) passed++;
    const reason = earlyStopDecision({ samples: k, passed, planned: outcomes.length, bar, repeats });
    if (reason) return { at: k, reason };
  }
  return null;
}

const meetsBar = (outcomes: boolean[], bar: number) =>
  wilson(outcomes.filter(Boolean).length, outcomes.length)!.low >= bar;
const isStatistical = (reason: string) => reason.includes('with 95% confidence');

interface Rates {
  /** Any stop at all. */
  stopped: number;
  /** Stops by the sequential rule: a claim that the true accuracy is below the bar. */
  claimedBelow: number;
  /** Stops where the full run would have met the bar: the stop changed the verdict. */
  verdictChanged: number;
}

/** Seeded simulation: `trials` candidates with true accuracy `p`, each with `planned` i.i.d. samples. */
function simulate(p: number, bar: number, planned: number, trials: number, seed: number): Rates {
  const rand = mulberry32(seed);
  let stopped = 0;
  let claimedBelow = 0;
  let verdictChanged = 0;
  for (let t = 0; t < trials; t++) {
    const outcomes = Array.from({ length: planned }, () => rand() < p);
    const stop = firstStop(outcomes, bar);
    if (!stop) continue;
    stopped++;
    if (isStatistical(stop.reason)) claimedBelow++;
    if (meetsBar(outcomes, bar)) verdictChanged++;
  }
  return {
    stopped: stopped / trials,
    claimedBelow: claimedBelow / trials,
    verdictChanged: verdictChanged / trials,
  };
}

describe('the early-stop rule', () => {
  it('never looks before MIN_SAMPLES_FOR_EARLY_STOP samples, nor after the last', () => {
    for (let k = 1; k < MIN_SAMPLES_FOR_EARLY_STOP; k++) {
      expect(earlyStopDecision({ samples: k, passed: 0, planned: 100, bar: 0.99 })).toBeNull();
    }
    expect(earlyStopDecision({ samples: 100, passed: 0, planned: 100, bar: 0.99 })).toBeNull();
    expect(earlyStopDecision({ samples: 20, passed: 2, planned: 100, bar: 0.8 })).toMatch(
      /even if all 80 remaining/,
    );
    expect(earlyStopDecision({ samples: 20, passed: 2, planned: 1000, bar: 0.6 })).toMatch(
      /with 95% confidence/,
    );
  });

  it('rule 1 is exact: when it says the bar is out of reach, no completion of the run meets the bar', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 120 }),
        fc.double({ min: 0.3, max: 0.99, noNaN: true }),
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        (planned, bar, prefix, rest) => {
          for (let k = MIN_SAMPLES_FOR_EARLY_STOP; k < planned; k++) {
            const passed = prefix.slice(0, k).filter(Boolean).length;
            const reason = earlyStopDecision({ samples: k, passed, planned, bar });
            if (reason && !isStatistical(reason)) {
              // the best completion (all pass) and an arbitrary one both miss the bar
              expect(wilson(passed + planned - k, planned)!.low).toBeLessThan(bar);
              const any = passed + rest.slice(0, planned - k).filter(Boolean).length;
              expect(wilson(any, planned)!.low).toBeLessThan(bar);
            }
          }
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  // For a candidate whose true accuracy equals the bar, the sequential rule (the only statistical
  // claim) must fire for at most 5%, and a stop that a full run would contradict stay under 1%
  // (`npm run simulate` prints these rates with more trials; docs/spend-control.md quotes them).
  it.each([
    [0.5, 50],
    [0.8, 100],
    [0.8, 200],
    [0.9, 200],
    [0.9, 500],
    [0.95, 1000],
  ])('false-stop rate at true accuracy = bar %s over %s samples stays under 5 percent', (bar, planned) => {
    const r = simulate(bar, bar, planned, 600, 2026);
    expect(r.claimedBelow).toBeLessThanOrEqual(0.05);
    expect(r.verdictChanged).toBeLessThanOrEqual(0.01);
  });

  it('just above the bar, stops that contradict a full run stay rare', () => {
    for (const [bar, planned] of [
      [0.8, 200],
      [0.9, 500],
      [0.7, 1000],
    ] as const) {
      const r = simulate(bar + 0.03, bar, planned, 500, 99);
      expect(r.claimedBelow).toBeLessThanOrEqual(0.05);
      expect(r.verdictChanged).toBeLessThanOrEqual(0.01);
    }
  });

  it('stops a clearly weak candidate early: true accuracy 0.5 against a 0.8 bar stops within ~25 of 100', () => {
    const rand = mulberry32(5);
    const stops: number[] = [];
    for (let t = 0; t < 500; t++)
      stops.push(
        firstStop(
          Array.from({ length: 100 }, () => rand() < 0.5),
          0.8,
        )?.at ?? 100,
      );
    const mean = stops.reduce((a, b) => a + b, 0) / stops.length;
    expect(mean).toBeLessThan(25);
    expect(stops.filter((k) => k > 40).length).toBeLessThan(10);
  });

  it('with repeats, takes the case as the unit, so correlated repeats do not inflate confidence', () => {
    // every case repeated 3 times with the same outcome (temperature 0), true accuracy = bar
    const rand = mulberry32(8);
    let claimed = 0;
    let claimedNaive = 0;
    const trials = 1000;
    for (let t = 0; t < trials; t++) {
      const outcomes = Array.from({ length: 100 }, () => rand() < 0.8).flatMap((ok) => [ok, ok, ok]);
      const s = stopperStop(outcomes, 0.8, 3);
      const naive = firstStop(outcomes, 0.8, 1);
      if (s && isStatistical(s)) claimed++;
      if (naive && isStatistical(naive.reason)) claimedNaive++;
    }
    expect(claimed / trials).toBeLessThanOrEqual(0.05);
    expect(claimed).toBeLessThan(claimedNaive);
  });

  it('with repeats, the sequential rule looks only at case ends, over the finished cases', () => {
    const cases = { cases: 40, passed: 60, samples: 120, passedSq: 20 * 9, cross: 20 * 9, samplesSq: 40 * 9 };
    const state = { samples: 120, passed: 60, planned: 600, bar: 0.8, repeats: 3 };
    // 20 of 40 cases pass every repeat: far below an 80% bar, but only a case end may say so
    expect(earlyStopDecision(state)).toBeNull();
    expect(earlyStopDecision({ ...state, cases })).toMatch(/with 95% confidence/);
    // fewer than 10 finished cases: no look
    const few = { cases: 9, passed: 0, samples: 27, passedSq: 0, cross: 0, samplesSq: 81 };
    expect(earlyStopDecision({ ...state, samples: 27, passed: 0, cases: few, bar: 0.01 })).toBeNull();
  });
});

/**
 * Drives a stopper the way the runner does: `concurrency` workers take samples in plan order, wait
 * until the sample can be decided, skip it or run it, and finish in an arbitrary order.
 */
async function runWithStopper(
  outcomes: boolean[],
  bar: number,
  concurrency: number,
  order: () => number,
): Promise<number[]> {
  const stopper = createEarlyStopper({ planned: outcomes.length, bar, window: concurrency });
  const signal = new AbortController().signal;
  const ran: number[] = [];
  const running: Array<{ i: number; done(): void }> = [];
  let next = 0;
  let live = concurrency;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= outcomes.length) break;
      await stopper.ready(i, signal);
      if (stopper.skips(i)) continue;
      ran.push(i);
      await new Promise<void>((done) => running.push({ i, done }));
      stopper.finish(i, outcomes[i]!);
    }
    live--;
  };
  const workers = Array.from({ length: concurrency }, worker);
  let idle = 0;
  while (live > 0) {
    await new Promise((r) => setImmediate(r));
    if (running.length === 0) {
      if (++idle > 100) throw new Error('deadlock: workers wait with nothing running');
      continue;
    }
    idle = 0;
    const [t] = running.splice(Math.floor(order() * running.length), 1);
    t!.done();
  }
  await Promise.all(workers);
  return ran.sort((a, b) => a - b);
}

/** Feeds outcomes to a stopper with repeats in plan order; the stop reason, or null. */
function stopperStop(outcomes: boolean[], bar: number, repeats: number): string | null {
  const stopper = createEarlyStopper({ planned: outcomes.length, bar, repeats });
  for (let i = 0; i < outcomes.length; i++) {
    const reason = stopper.finish(i, outcomes[i]!);
    if (reason) return reason;
  }
  return null;
}

describe('the early stopper', () => {
  it('runs the same samples whatever order they finish in: the stop point plus the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 12, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(0.6, 0.75, 0.9),
        async (outcomes, concurrency, seed, bar) => {
          const ran = await runWithStopper(outcomes, bar, concurrency, mulberry32(seed));
          const stop = firstStop(outcomes, bar);
          const expected = stop ? Math.min(outcomes.length, stop.at + concurrency - 1) : outcomes.length;
          expect(ran).toEqual(Array.from({ length: expected }, (_, i) => i));
          // and the same again in another finishing order
          expect(await runWithStopper(outcomes, bar, concurrency, mulberry32(seed + 1))).toEqual(ran);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it('release() frees every waiter (budget stop, auth failure)', async () => {
    const s = createEarlyStopper({ planned: 50, bar: 0.9, window: 2 });
    const waiting = s.ready(20, new AbortController().signal);
    let resolved = false;
    void waiting.then(() => {
      resolved = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    s.release();
    await waiting;
    expect(resolved).toBe(true);
  });

  it('counts a sample that was not scored as no evidence, never as a failure', () => {
    // 40 infrastructure errors, then passes: the candidate is not stopped
    const errors = createEarlyStopper({ planned: 200, bar: 0.85 });
    for (let i = 0; i < 40; i++) expect(errors.finish(i, null)).toBeNull();
    for (let i = 40; i < 80; i++) expect(errors.finish(i, true)).toBeNull();
    expect(errors.reason).toBeNull();
    // the same 40 as failures stop it
    const failures = createEarlyStopper({ planned: 200, bar: 0.85 });
    let reason: string | null = null;
    for (let i = 0; i < 40 && reason === null; i++) reason = failures.finish(i, false);
    expect(reason).toMatch(/lower bound|below the/);
  });
});
