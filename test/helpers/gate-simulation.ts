/**
 * Seeded Monte Carlo of the gate, the pick and early stop, driving their real pure functions with
 * synthetic outcomes. `npm run simulate` (scripts/simulate-gate.ts) prints the tables quoted in
 * docs/gate.md from these; test/unit/gate/monte-carlo.test.ts asserts the same figures with fewer
 * trials. Every function is deterministic for its seed.
 */
import { createAggregator } from '../../src/analysis/aggregate.ts';
import { choosePick } from '../../src/analysis/pick.ts';
import { factsOf, summarizeRecords } from '../../src/analysis/summarize.ts';
import { buildBaseline } from '../../src/gate/build-baseline.ts';
import { ALPHA, checkAccuracy, checkBar } from '../../src/gate/checks.ts';
import { gateRun } from '../../src/gate/compare.ts';
import { checkCost, checkCostPaired } from '../../src/gate/cost-check.ts';
import { type CaseCosts, type CaseOutcomes, collectCaseData } from '../../src/gate/outcomes.ts';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { CandidateSummary, Summary } from '../../src/log/summary-file.ts';
import { createEarlyStopper } from '../../src/runner/early-stop.ts';
import { clusteredWilson } from '../../src/stats/clustered-wilson.ts';
import { binomialHalfCdf, mcnemarMidPLess } from '../../src/stats/mcnemar.ts';
import { mulberry32 } from '../../src/stats/prng.ts';
import { wilson } from '../../src/stats/wilson.ts';
import { caseId, makeRecord, makeRun, summarizeCandidate } from './gate-runs.ts';

export type Rand = () => number;

/** A suite: a draw of one case's pass probability. */
export type Suite = (rand: Rand) => number;

/**
 * noisy: 55% easy cases (p 0.90-1.00), 25% hard (0.00-0.15), 20% borderline (0.20-0.80); mean
 * about 64%, and about 17% of cases flip between two identical runs (temperature > 0, a flaky judge).
 */
const noisy: Suite = (rand) => {
  const u = rand();
  if (u < 0.55) return 0.9 + 0.1 * rand();
  if (u < 0.8) return 0.15 * rand();
  return 0.2 + 0.6 * rand();
};

/** steady: 70% near-certain passes (0.97-1.00), 20% near-certain failures (0-0.03), 10% borderline. */
const steady: Suite = (rand) => {
  const u = rand();
  if (u < 0.7) return 0.97 + 0.03 * rand();
  if (u < 0.9) return 0.03 * rand();
  return 0.2 + 0.6 * rand();
};

/** Every case passes with the same probability, independently in each run: the least favourable. */
export const independent =
  (p: number): Suite =>
  () =>
    p;

export const SUITES: Record<string, Suite> = { noisy, steady, 'independent 85%': independent(0.85) };

/** How the current model differs from the baseline's, given the baseline's case probabilities. */
export type Change = (ps: number[], rand: Rand) => number[];

export const same: Change = (ps) => ps;

/** Every case a little worse: probabilities scaled so the mean drops by `drop` (spread). */
export const spreadDrop =
  (drop: number): Change =>
  (ps) => {
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    return ps.map((p) => p * (1 - drop / mean));
  };

/** Random cases break outright (p -> 0) until the mean has dropped by `drop`. */
export const brokenCases =
  (drop: number): Change =>
  (ps, rand) => {
    const out = [...ps];
    let lost = 0;
    const order = ps.map((_, i) => i).sort(() => rand() - 0.5);
    for (const i of order) {
      if (lost >= drop * ps.length) break;
      lost += out[i]!;
      out[i] = 0;
    }
    return out;
  };

/**
 * Outcomes of one run: `[passed, repeats]` per case. `identical` repeats copy the case's first draw
 * (temperature 0); otherwise each repeat is drawn on its own.
 */
export function drawOutcomes(ps: number[], repeats: number, rand: Rand, identical = false): CaseOutcomes {
  const out: CaseOutcomes = {};
  ps.forEach((p, i) => {
    let k = 0;
    if (identical) k = rand() < p ? repeats : 0;
    else for (let r = 0; r < repeats; r++) if (rand() < p) k++;
    out[idOf(i)] = [k, repeats];
  });
  return out;
}

const IDS: string[] = [];
/** `caseId(i)`, made once per index. */
function idOf(i: number): string {
  for (let j = IDS.length; j <= i; j++) IDS.push(caseId(j));
  return IDS[i]!;
}

export interface AccuracyScenario {
  suite: Suite;
  cases: number;
  repeats: number;
  change: Change;
  trials: number;
  seed: number;
  identical?: boolean;
  /** @default 0.02 */
  maxDrop?: number;
}

/** The share of trials in which the gate's accuracy check failed. */
export function accuracyFailRate(s: AccuracyScenario): number {
  const rand = mulberry32(s.seed);
  let failed = 0;
  for (let t = 0; t < s.trials; t++) {
    const ps = Array.from({ length: s.cases }, () => s.suite(rand));
    const before = drawOutcomes(ps, s.repeats, rand, s.identical);
    const after = drawOutcomes(s.change(ps, rand), s.repeats, rand, s.identical);
    if (checkAccuracy('m/p', before, after, s.maxDrop ?? 0.02).status === 'fail') failed++;
  }
  return failed / s.trials;
}

export interface PickScenario {
  cases: number;
  repeats: number;
  accuracy: number;
  bar: number;
  trials: number;
  seed: number;
}

/**
 * The share of runs in which the pick declared a candidate eligible (its lower bound cleared the
 * bar), with identical repeats, through the aggregator and `choosePick`; `perSample` is what Wilson
 * over the samples (the pick before it counted cases) would have declared.
 */
export function pickEligibleRate(s: PickScenario): { pick: number; perSample: number } {
  const id = 'sim/p';
  const records = recordGrid(s.cases, s.repeats, id);
  const rand = mulberry32(s.seed);
  let eligible = 0;
  let perSample = 0;
  for (let t = 0; t < s.trials; t++) {
    const agg = createAggregator([
      { id, model: 'sim', prompt: 'p', provider: 'sim', planned: s.cases * s.repeats, repeats: s.repeats },
    ]);
    for (const repeats of records) {
      const pass = rand() < s.accuracy;
      for (const x of repeats) agg.add(pass ? x.pass : x.fail);
    }
    const cands = agg.finish({ qualityBar: s.bar, tasksPerDay: null });
    if (choosePick(cands, s.bar).pick?.id === id) eligible++;
    if ((wilson(cands[0]!.passed, cands[0]!.scored ?? 0)?.low ?? 0) >= s.bar) perSample++;
  }
  return { pick: eligible / s.trials, perSample: perSample / s.trials };
}

export interface EarlyStopScenario {
  cases: number;
  repeats: number;
  identical: boolean;
  /** The candidate's true accuracy, and the bar. */
  accuracy: number;
  bar: number;
  trials: number;
  seed: number;
}

export interface EarlyStopRates {
  /** Stopped, by either rule. */
  stopped: number;
  /** Stopped by the sequential rule: a claim that the true accuracy is below the bar. */
  claimedBelow: number;
  /** Stopped although the full run would have cleared the bar: the stop changed the bar verdict. */
  verdictChanged: number;
  /** The gate failed the run as it ran (with early stop), and the same run had it run in full. */
  gateFailed: number;
  gateFailedFull: number;
  /** The gate failed the run as it ran but would have passed it in full: failures early stop caused. */
  gateChanged: number;
}

/**
 * Early stop with the gate: each trial draws a full baseline and a current run of the same model
 * (nothing changed), feeds the current run to the early stopper in plan order (case-major, repeats
 * inside), and gates what ran (bar, accuracy and cost checks) against the baseline, next to the
 * same run gated in full.
 */
export function earlyStopRates(s: EarlyStopScenario): EarlyStopRates {
  const rand = mulberry32(s.seed);
  const n = {
    stopped: 0,
    claimedBelow: 0,
    verdictChanged: 0,
    gateFailed: 0,
    gateFailedFull: 0,
    gateChanged: 0,
  };
  const ps = Array.from({ length: s.cases }, () => s.accuracy);
  for (let t = 0; t < s.trials; t++) {
    const baseline = drawOutcomes(ps, s.repeats, rand, s.identical);
    const full = drawOutcomes(ps, s.repeats, rand, s.identical);
    const stop = stopPoint(full, s);
    const failsFull = gateFails(baseline, full, s, null);
    const fails =
      stop === null ? failsFull : gateFails(baseline, prefix(full, stop.samples, s.repeats), s, stop.reason);
    if (failsFull) n.gateFailedFull++;
    if (fails) n.gateFailed++;
    if (fails && !failsFull) n.gateChanged++;
    if (stop === null) continue;
    n.stopped++;
    if (stop.reason.includes('with 95% confidence')) n.claimedBelow++;
    if (gateCandidate(full, s, null).meetsBar === true) n.verdictChanged++;
  }
  const share = (k: number) => k / s.trials;
  return {
    stopped: share(n.stopped),
    claimedBelow: share(n.claimedBelow),
    verdictChanged: share(n.verdictChanged),
    gateFailed: share(n.gateFailed),
    gateFailedFull: share(n.gateFailedFull),
    gateChanged: share(n.gateChanged),
  };
}

type RecordGrid = Array<Array<{ pass: SampleRecord; fail: SampleRecord }>>;

/** A passed and a failed record per case and repeat, made once, so a trial allocates none. */
function recordGrid(cases: number, repeats: number, id = 'm/p'): RecordGrid {
  return Array.from({ length: cases }, (_, i) =>
    Array.from({ length: repeats }, (_, r) => ({
      pass: makeRecord(id, caseId(i), r, 'passed', 0.001),
      fail: makeRecord(id, caseId(i), r, 'failed', 0.001),
    })),
  );
}

/**
 * The candidate's figures as the aggregator gives them (its interval is `clusteredWilson` over the
 * cases, which with one sample per case is Wilson over the samples), stopped early for `reason`.
 */
function gateCandidate(
  outcomes: CaseOutcomes,
  s: EarlyStopScenario,
  reason: string | null,
): CandidateSummary {
  const counts = Object.values(outcomes);
  const interval = clusteredWilson(counts);
  let passed = 0;
  let samples = 0;
  for (const [k, n] of counts) {
    passed += k;
    samples += n;
  }
  return {
    ...CANDIDATE_TEMPLATE,
    samples,
    passed,
    scored: samples,
    notRun: s.cases * s.repeats - samples,
    accuracy: samples > 0 ? passed / samples : null,
    accuracyLow: interval?.low ?? null,
    accuracyHigh: interval?.high ?? null,
    meetsBar: interval === null ? null : interval.low >= s.bar,
    earlyStopped: reason !== null,
    earlyStopReason: reason,
  };
}

const CANDIDATE_TEMPLATE = summarizeCandidate('m/p', [], null);

/** Does the gate fail this run (bar, paired accuracy, paired cost) against the baseline? */
function gateFails(
  baseline: CaseOutcomes,
  run: CaseOutcomes,
  s: EarlyStopScenario,
  reason: string | null,
): boolean {
  const candidate = gateCandidate(run, s, reason);
  if (checkBar(candidate, s.bar).status === 'fail') return true;
  if (checkAccuracy('m/p', baseline, run, 0.02).status === 'fail') return true;
  const costs = (o: CaseOutcomes) =>
    Object.fromEntries(Object.entries(o).map(([id, [, n]]) => [id, 0.001 * n]));
  const side = (o: CaseOutcomes) => ({ summary: candidate, outcomes: o, costs: costs(o) });
  return checkCostPaired(side(baseline), side(run), 0.1).status === 'fail';
}

/** Where the stopper stops a run fed in plan order, or null when it runs to the end. */
function stopPoint(outcomes: CaseOutcomes, s: EarlyStopScenario): { samples: number; reason: string } | null {
  const stopper = createEarlyStopper({ planned: s.cases * s.repeats, bar: s.bar, repeats: s.repeats });
  let index = 0;
  for (const [k] of Object.values(outcomes)) {
    for (let r = 0; r < s.repeats; r++) {
      const reason = stopper.finish(index++, r < k);
      if (reason) return { samples: index, reason };
    }
  }
  return null;
}

/** The first `samples` samples of a run, in plan order, as outcomes (a partial case keeps its part). */
function prefix(outcomes: CaseOutcomes, samples: number, repeats: number): CaseOutcomes {
  const out: CaseOutcomes = {};
  let left = samples;
  for (const [id, [k]] of Object.entries(outcomes)) {
    if (left <= 0) break;
    const n = Math.min(repeats, left);
    out[id] = [Math.min(k, n), n];
    left -= n;
  }
  return out;
}

export interface SampleCostScenario {
  suite: Suite;
  /** Cases in the full baseline, and in the `--sample` run (the first ones of the seeded order). */
  cases: number;
  sample: number;
  /** Relative rise of every sample's cost in the current run (0: nothing changed). */
  costRise: number;
  trials: number;
  seed: number;
}

/**
 * The share of trials in which the cost check failed for a `--sample` run against a full baseline:
 * `paired` (the gate's check over the cases both runs scored) and `unpaired` (each run's overall cost
 * per success, what the gate did before it paired, and still does with a version-1 baseline).
 * A case's cost varies from case to case (0.3x to 3x, long and short prompts) and from sample to
 * sample (±25%, output lengths).
 */
export function sampleCostFailRates(s: SampleCostScenario): { paired: number; unpaired: number } {
  const rand = mulberry32(s.seed);
  const template = summarizeCandidate('m/p', [], null);
  let paired = 0;
  let unpaired = 0;
  for (let t = 0; t < s.trials; t++) {
    const ps = Array.from({ length: s.cases }, () => s.suite(rand));
    const base = Array.from({ length: s.cases }, () => 0.001 * 0.3 * 10 ** rand());
    const before = drawRun(ps, base, 0, rand);
    const after = drawRun(ps.slice(0, s.sample), base, s.costRise, rand);
    const side = (r: ReturnType<typeof drawRun>) => ({
      summary: {
        ...template,
        passed: r.passed,
        costUsd: r.cost,
        costPerSuccessUsd: r.passed > 0 ? r.cost / r.passed : null,
      },
      outcomes: r.outcomes,
      costs: r.costs,
    });
    if (checkCostPaired(side(before), side(after), 0.1).status === 'fail') paired++;
    if (checkCost(side(before).summary, side(after).summary, 0.1).status === 'fail') unpaired++;
  }
  return { paired: paired / s.trials, unpaired: unpaired / s.trials };
}

function drawRun(ps: number[], base: number[], rise: number, rand: Rand) {
  const outcomes: CaseOutcomes = {};
  const costs: CaseCosts = {};
  let passed = 0;
  let cost = 0;
  ps.forEach((p, i) => {
    const ok = rand() < p;
    const usd = base[i]! * (1 + rise) * (0.75 + 0.5 * rand());
    outcomes[idOf(i)] = [ok ? 1 : 0, 1];
    costs[idOf(i)] = usd;
    if (ok) passed++;
    cost += usd;
  });
  return { outcomes, costs, passed, cost };
}

export interface JudgedBudgetScenario {
  suite: Suite;
  cases: number;
  /** How the current model differs from the baseline's. */
  change: Change;
  /** The judge's verdict is wrong this often, and fails (the sample is not scored) this often. */
  judgeWrong: number;
  judgeFails: number;
  /** The current run's budget, as a share of its expected spend (candidate and judge). */
  budgetShare: number;
  trials: number;
  seed: number;
}

export interface GateOutcomeRates {
  failed: number;
  inconclusive: number;
  passed: number;
  /** Among the trials the budget stopped: the share the gate failed (it must call them inconclusive). */
  failedWhenStopped: number;
  stopped: number;
}

const CANDIDATE = 'sim-mid/judged';
const SAMPLE_USD = 0.001;
const JUDGE_USD = 0.0004;

/**
 * A judged suite with a budget, through the run's own summary (`summarize`) and the whole gate
 * (`gateRun`): the judge's verdicts are noisy and sometimes missing, and the current run stops when
 * its budget runs out (`stoppedReason: "budget"`), as the runner does.
 */
export async function judgedBudgetRates(s: JudgedBudgetScenario): Promise<GateOutcomeRates> {
  const rand = mulberry32(s.seed);
  const tally = { failed: 0, inconclusive: 0, passed: 0, failedWhenStopped: 0, stopped: 0 };
  const spec = { qualityBar: null, maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 };
  for (let t = 0; t < s.trials; t++) {
    const ps = Array.from({ length: s.cases }, () => s.suite(rand));
    const before = judgedRun(ps, s, Number.POSITIVE_INFINITY, rand);
    const expected = s.cases * (SAMPLE_USD + JUDGE_USD);
    const after = judgedRun(s.change(ps, rand), s, expected * s.budgetShare, rand);
    const baseline = await buildBaseline(await summaryOf(before), before.records);
    const summary = await summaryOf(after);
    const result = gateRun({ summary, ...(await collectCaseData(after.records)) }, baseline, spec);
    if (after.stopped) tally.stopped++;
    if (result.counts.fail > 0) {
      tally.failed++;
      if (after.stopped) tally.failedWhenStopped++;
    } else if (result.passed) tally.passed++;
    else tally.inconclusive++;
  }
  const share = (n: number, of = s.trials) => (of === 0 ? 0 : n / of);
  return {
    failed: share(tally.failed),
    inconclusive: share(tally.inconclusive),
    passed: share(tally.passed),
    failedWhenStopped: share(tally.failedWhenStopped, tally.stopped),
    stopped: share(tally.stopped),
  };
}

/** One judged run: records in plan order until the budget would be overspent. */
function judgedRun(ps: number[], s: JudgedBudgetScenario, budget: number, rand: Rand) {
  const records: SampleRecord[] = [];
  let spent = 0;
  let stopped = false;
  for (let i = 0; i < ps.length; i++) {
    const cost = SAMPLE_USD * (0.75 + 0.5 * rand());
    if (spent + cost + JUDGE_USD > budget) {
      stopped = true;
      break;
    }
    spent += cost + JUDGE_USD;
    const truth = rand() < ps[i]!;
    const fails = rand() < s.judgeFails;
    const verdict = rand() < s.judgeWrong ? !truth : truth;
    const r = makeRecord(CANDIDATE, caseId(i), 0, fails ? 'error' : verdict ? 'passed' : 'failed', cost);
    if (fails) r.error = { kind: 'scorer', message: 'the judge returned no verdict', status: null };
    r.judge = { attempts: 1, tokens: r.tokens, costUsd: JUDGE_USD, spentUsd: JUDGE_USD };
    records.push(r);
  }
  return { records, stopped, planned: ps.length, spent };
}

/** The run's summary, built by `summarize` from its records and facts. */
async function summaryOf(run: ReturnType<typeof judgedRun>): Promise<Summary> {
  const { summary } = makeRun({
    runId: 'run',
    cases: run.planned,
    qualityBar: null,
    candidates: [{ id: CANDIDATE, outcome: () => true }],
  });
  const facts = factsOf({ ...summary, stoppedReason: run.stopped ? 'budget' : null });
  return summarizeRecords(run.records, facts);
}

/**
 * P(the accuracy check fails | d discordant cases) under "nothing changed", for d = 0..n: each
 * discordant case goes either way with probability 1/2, and the check fails when the drop
 * `(worse − better) / n` exceeds `maxDrop` and the gate's mid-p (`mcnemarMidPLess`) is below 0.05.
 */
export function falseAlarmGivenDiscordant(
  n: number,
  maxDrop = 0.02,
  test: PTest = mcnemarMidPLess,
): number[] {
  return failGivenDiscordant(n, 0.5, maxDrop, test);
}

/** A one-sided p-value from (worse, better) discordant counts. */
export type PTest = (worse: number, better: number) => number;

/** The exact one-sided McNemar p (the gate's test before the mid-p), for comparison. */
export const exactMcNemarLess: PTest = (worse, better) =>
  worse + better === 0 ? 1 : binomialHalfCdf(better, worse + better);

/** P(the check fails | d discordant cases) for d = 0..n, when a discordant case is `better` with probability `up`. */
function failGivenDiscordant(n: number, up: number, maxDrop: number, test: PTest): number[] {
  const out: number[] = [];
  for (let d = 0; d <= n; d++) {
    let size = 0;
    let logPmf = d * Math.log(1 - up); // P(better = 0), built up term by term
    for (let better = 0; better <= d; better++) {
      const worse = d - better;
      if ((worse - better) / n > maxDrop + 1e-9 && test(worse, better) < ALPHA) size += Math.exp(logPmf);
      logPmf += Math.log(d - better) - Math.log(better + 1) + Math.log(up) - Math.log(1 - up);
    }
    out.push(size);
  }
  return out;
}

/**
 * The accuracy check's power, computed exactly, for n cases that each pass with `p0` before and
 * `p0 − drop` now, independently in each run (the 2-point threshold included).
 */
export function exactPower(n: number, p0: number, drop: number, test: PTest = mcnemarMidPLess): number {
  const p1 = p0 - drop;
  const worse = p0 * (1 - p1);
  const better = (1 - p0) * p1;
  return mixFalseAlarm(failGivenDiscordant(n, better / (worse + better), 0.02, test), n, worse + better);
}

/** The accuracy check's false-alarm rate, computed exactly, for n cases that each pass with p in both runs independently. */
export function exactFalseAlarm(n: number, p: number, maxDrop = 0.02, test: PTest = mcnemarMidPLess): number {
  return mixFalseAlarm(falseAlarmGivenDiscordant(n, maxDrop, test), n, 2 * p * (1 - p));
}

/**
 * The largest false-alarm rate of the accuracy check over suites of n cases in which m cases can
 * flip, each with probability q (q up to 1/2, the most a case can), for every m ≤ n and q on a grid
 * of 50: the least favourable mixes of flaky and steady cases.
 */
export function worstFalseAlarm(n: number, maxDrop = 0.02): { rate: number; flaky: number; q: number } {
  const size = falseAlarmGivenDiscordant(n, maxDrop);
  let worst = { rate: 0, flaky: 0, q: 0 };
  for (let m = 1; m <= n; m++) {
    for (let i = 1; i <= 50; i++) {
      const q = i / 100;
      const rate = mixFalseAlarm(size, m, q);
      if (rate > worst.rate) worst = { rate, flaky: m, q };
    }
  }
  return worst;
}

/** Σ_d P(D = d) · size[d] for D ~ Binomial(m, q). */
function mixFalseAlarm(size: number[], m: number, q: number): number {
  let total = 0;
  let logPmf = m * Math.log(1 - q); // d = 0
  for (let d = 0; d <= m; d++) {
    total += Math.exp(logPmf) * size[d]!;
    logPmf += Math.log(m - d) - Math.log(d + 1) + Math.log(q) - Math.log(1 - q);
  }
  return total;
}
