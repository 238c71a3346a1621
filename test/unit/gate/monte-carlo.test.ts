/**
 * Seeded Monte Carlo of the gate, the pick and early stop (test/helpers/gate-simulation.ts drives
 * their real pure functions with synthetic outcomes). Each false-alarm rate must be at most 5%
 * within a stated tolerance: two standard errors of a 5% rate estimated from the trials run,
 * `2 √(0.05 × 0.95 / trials)` (1.4 points at 1000 trials). The power asserted is the docs' figure
 * (docs/gate.md, printed by `npm run simulate` with more trials), within the same kind of tolerance.
 */
import { describe, expect, it } from 'vitest';
import { casesForGatePower, gatePower } from '../../../src/stats/sample-size.ts';
import {
  accuracyFailRate,
  earlyStopRates,
  exactFalseAlarm,
  independent,
  judgedBudgetRates,
  pickEligibleRate,
  SUITES,
  same,
  sampleCostFailRates,
  spreadDrop,
} from '../../helpers/gate-simulation.ts';

/** 5% plus two standard errors of a 5% rate measured over `trials`. */
const falseAlarmBound = (trials: number) => 0.05 + 2 * Math.sqrt((0.05 * 0.95) / trials);
/** Two standard errors of a rate near `p` measured over `trials`. */
const twoSe = (p: number, trials: number) => 2 * Math.sqrt((p * (1 - p)) / trials);

describe('Monte Carlo (seeded): false alarms at most 5%, power as the docs state', () => {
  it('the plain gate: false alarms at n = 200, and 80% power for a 10-point drop from 85%', () => {
    const trials = 1000;
    for (const [seed, suite] of [
      [1, SUITES.noisy!],
      [2, independent(0.85)],
    ] as const) {
      const rate = accuracyFailRate({ suite, cases: 200, repeats: 1, change: same, trials, seed });
      expect(rate).toBeLessThanOrEqual(falseAlarmBound(trials));
    }
    // exactly, with no sampling error: under 5% for independent outcomes
    expect(exactFalseAlarm(200, 0.85)).toBeLessThanOrEqual(0.05);
    // the docs' power: 80.5% computed exactly; the simulation agrees within its error
    const exact = gatePower(200, 0.85, 0.1);
    expect(exact).toBeGreaterThanOrEqual(0.8);
    expect(casesForGatePower(0.85, 0.1)).toBeLessThanOrEqual(200);
    const power = accuracyFailRate({
      suite: independent(0.85),
      cases: 200,
      repeats: 1,
      change: spreadDrop(0.1),
      trials,
      seed: 3,
    });
    expect(Math.abs(power - exact)).toBeLessThanOrEqual(twoSe(exact, trials) + 0.005);
  });

  it('repeats: false alarms with identical repeats, and the pick 1 point below the bar at the nominal 2.5% (±1 point)', () => {
    const trials = 500;
    const rate = accuracyFailRate({
      suite: SUITES.noisy!,
      cases: 200,
      repeats: 3,
      identical: true,
      change: same,
      trials,
      seed: 4,
    });
    expect(rate).toBeLessThanOrEqual(falseAlarmBound(trials));
    const pick = pickEligibleRate({
      cases: 200,
      repeats: 5,
      accuracy: 0.84,
      bar: 0.85,
      trials: 1000,
      seed: 5,
    });
    expect(pick.pick).toBeLessThanOrEqual(0.035);
    // counting samples, as the pick once did, declares it eligible about 10% of the time
    expect(pick.perSample).toBeGreaterThan(0.06);
  });

  it('early stop with the gate: at most 5% false "below the bar" stops, and no gate failure early stop caused', () => {
    const trials = 400;
    for (const [seed, repeats, identical] of [
      [6, 1, false],
      [7, 3, true],
    ] as const) {
      const r = earlyStopRates({ cases: 200, repeats, identical, accuracy: 0.85, bar: 0.85, trials, seed });
      expect(r.claimedBelow).toBeLessThanOrEqual(falseAlarmBound(trials));
      expect(r.verdictChanged).toBeLessThanOrEqual(0.01);
      expect(r.gateChanged).toBeLessThanOrEqual(0.01);
      // the candidate at the bar is stopped, mostly by the exact rule near the end
      expect(r.stopped).toBeGreaterThan(0.5);
    }
  });

  it('--sample 50 against a full 200-case baseline: the paired cost check fails at most 5% with nothing changed', () => {
    const trials = 2000;
    const none = sampleCostFailRates({
      suite: SUITES.noisy!,
      cases: 200,
      sample: 50,
      costRise: 0,
      trials,
      seed: 8,
    });
    expect(none.paired).toBeLessThanOrEqual(falseAlarmBound(trials));
    // the unpaired comparison it replaced fails far more often
    expect(none.unpaired).toBeGreaterThan(0.1);
    const rise = sampleCostFailRates({
      suite: independent(0.85),
      cases: 200,
      sample: 50,
      costRise: 0.3,
      trials: 300,
      seed: 9,
    });
    expect(rise.paired).toBeGreaterThan(0.75);
  });

  it('a judged suite with a budget: at most 5% false alarms, and a run the budget stopped never fails', async () => {
    const trials = 150;
    const base = { suite: SUITES.noisy!, cases: 100, judgeWrong: 0.05, judgeFails: 0.01, trials };
    const ample = await judgedBudgetRates({ ...base, change: same, budgetShare: 10, seed: 10 });
    expect(ample.failed).toBeLessThanOrEqual(falseAlarmBound(trials));
    const tight = await judgedBudgetRates({ ...base, change: spreadDrop(0.1), budgetShare: 1, seed: 11 });
    expect(tight.stopped).toBeGreaterThan(0.3);
    expect(tight.failedWhenStopped).toBe(0);
  });
});
