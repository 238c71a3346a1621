/**
 * Soundness, measured. A seeded simulation of baseline and current runs drawn from a per-case
 * difficulty model: cases differ in how likely they are to pass (most easy, some hard, some
 * borderline), so a case's two runs are correlated, as they are in real evals. We measure how often
 * the gate's accuracy check fails when nothing changed (false positives) and when the model truly
 * got worse (power). The figures printed here are the ones quoted in docs/gate.md.
 */
import { describe, expect, it } from 'vitest';
import { gateRun } from '../../../src/gate/compare.ts';
import type { CaseOutcomes } from '../../../src/gate/outcomes.ts';
import type { Baseline } from '../../../src/log/baseline-file.ts';
import { mulberry32 } from '../../../src/stats/prng.ts';
import { makeRun, summarizeCandidate } from '../../helpers/gate-runs.ts';

const ID = 'model/prompt';
const SPEC = { qualityBar: null, maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 };
const TRIALS = 400;
const POWER_TRIALS = 1000;

/** Per-case pass probabilities for one suite: a draw of case difficulties. */
type Difficulty = (rand: () => number) => number;

/**
 * A noisy suite: 55% easy cases (p 0.90-1.00), 25% hard (0.00-0.15), 20% borderline (0.20-0.80).
 * Mean accuracy about 0.64, and about 17% of cases flip between two identical runs: the noisy
 * side of real evals (temperature > 0, or a flaky judge).
 */
const noisy: Difficulty = (rand) => {
  const u = rand();
  if (u < 0.55) return 0.9 + 0.1 * rand();
  if (u < 0.8) return 0.15 * rand();
  return 0.2 + 0.6 * rand();
};

/**
 * A temperature-0-like suite: 70% of cases almost always pass (0.97-1.00), 20% almost always fail
 * (0.00-0.03), 10% borderline (0.20-0.80). About 7% of cases flip between identical runs.
 */
const steady: Difficulty = (rand) => {
  const u = rand();
  if (u < 0.7) return 0.97 + 0.03 * rand();
  if (u < 0.9) return 0.03 * rand();
  return 0.2 + 0.6 * rand();
};

/** How the current model differs from the baseline's, given the baseline's case probabilities. */
type Change = (ps: number[], rand: () => number) => number[];

const same: Change = (ps) => ps;

/** Every case gets a little worse: probabilities scaled so the mean drops by `drop`. */
const uniformDrop =
  (drop: number): Change =>
  (ps) => {
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    return ps.map((p) => p * (1 - drop / mean));
  };

/** Some cases break outright (p -> 0), picked at random until the mean has dropped by `drop`. */
const brokenSubset =
  (drop: number): Change =>
  (ps, rand) => {
    const out = [...ps];
    let lost = 0;
    const target = drop * ps.length;
    const order = ps.map((_, i) => i).sort(() => rand() - 0.5);
    for (const i of order) {
      if (lost >= target) break;
      lost += out[i]!;
      out[i] = 0;
    }
    return out;
  };

function draw(ps: number[], repeats: number, rand: () => number): CaseOutcomes {
  const out: CaseOutcomes = {};
  ps.forEach((p, i) => {
    let k = 0;
    for (let r = 0; r < repeats; r++) if (rand() < p) k++;
    out[`case-${i}`] = [k, repeats];
  });
  return out;
}

/** The share of trials in which the gate failed. */
function failRate(
  model: Difficulty,
  cases: number,
  repeats: number,
  change: Change,
  seed: number,
  trials = TRIALS,
): number {
  const rand = mulberry32(seed);
  const { summary } = makeRun({ runId: 'current', cases: 0, qualityBar: null, candidates: [] });
  const candidate = summarizeCandidate(ID, [], null);
  summary.candidates = [candidate];
  let failed = 0;
  for (let t = 0; t < trials; t++) {
    const ps = Array.from({ length: cases }, () => model(rand));
    const baseline: Baseline = {
      version: 1,
      suite: summary.suite,
      suiteHash: summary.suiteHash,
      pricesAsOf: summary.prices.asOf,
      runId: 'baseline',
      finishedAt: summary.finishedAt,
      candidates: { [ID]: { summary: candidate, cases: draw(ps, repeats, rand) } },
    };
    const current = { summary, outcomes: { [ID]: draw(change(ps, rand), repeats, rand) } };
    const result = gateRun(current, baseline, SPEC);
    if (!result.passed) failed++;
  }
  return failed / trials;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const MODELS = { noisy, steady } as const;

describe('gate soundness (seeded simulation)', () => {
  for (const [name, model] of Object.entries(MODELS)) {
    for (const repeats of [1, 3]) {
      it(`no change: false-positive rate at most 5 percent (${name} suite, repeats=${repeats})`, () => {
        const seed = (name === 'noisy' ? 100 : 200) + repeats;
        const fpr50 = failRate(model, 50, repeats, same, seed);
        const fpr200 = failRate(model, 200, repeats, same, seed + 10);
        const fpr1000 = failRate(model, 1000, repeats, same, seed + 20);
        console.log(
          `[soundness] ${name} repeats=${repeats} false positives: n=50 ${pct(fpr50)}, n=200 ${pct(fpr200)}, n=1000 ${pct(fpr1000)}`,
        );
        expect(fpr50).toBeLessThanOrEqual(0.05);
        expect(fpr200).toBeLessThanOrEqual(0.05);
        expect(fpr1000).toBeLessThanOrEqual(0.05);
      });

      it(`power: a true 10-point drop at n=200 (${name} suite, repeats=${repeats})`, () => {
        const seed = (name === 'noisy' ? 300 : 400) + repeats;
        const uniform = failRate(model, 200, repeats, uniformDrop(0.1), seed, POWER_TRIALS);
        const broken = failRate(model, 200, repeats, brokenSubset(0.1), seed + 10, POWER_TRIALS);
        const uniform5 = failRate(model, 200, repeats, uniformDrop(0.05), seed + 20);
        const uniform100 = failRate(model, 100, repeats, uniformDrop(0.1), seed + 30);
        console.log(
          `[soundness] ${name} repeats=${repeats} power, 10-pt drop at n=200: spread over all cases ${pct(uniform)}, ` +
            `broken cases ${pct(broken)}; 5-pt drop at n=200: ${pct(uniform5)}; 10-pt drop at n=100: ${pct(uniform100)}`,
        );
        expect(broken).toBeGreaterThanOrEqual(0.8);
        expect(uniform).toBeGreaterThanOrEqual(0.8);
      });
    }
  }
});
