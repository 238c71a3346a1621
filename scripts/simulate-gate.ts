/**
 * `npm run simulate`: the gate's false-alarm and power tables, by seeded simulation of its real
 * pure functions (test/helpers/gate-simulation.ts) plus the exact power figures of the sample-size
 * planner. Deterministic: the same output on every machine. docs/gate.md prints this output, and
 * every statistical figure in the docs comes from it.
 *
 * Run: `npm run simulate` (about a minute on a loaded 2-core machine).
 */

import { casesForGatePower, gatePower } from '../src/stats/sample-size.ts';
import {
  accuracyFailRate,
  brokenCases,
  earlyStopRates,
  exactFalseAlarm,
  exactMcNemarLess,
  exactPower,
  judgedBudgetRates,
  pickEligibleRate,
  SUITES,
  same,
  sampleCostFailRates,
  spreadDrop,
  worstFalseAlarm,
} from '../test/helpers/gate-simulation.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pct2 = (x: number) => `${(x * 100).toFixed(2)}%`;
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const out: string[] = [];
const print = (line = '') => out.push(line);

function plainGate(): void {
  const trials = 2000;
  print(`### The accuracy check, one sample per case (${trials} trials per cell, maxAccuracyDrop 2 points)`);
  print();
  print(
    row([
      'suite',
      'false alarms, n = 50',
      'n = 200',
      'n = 1000',
      'power, 10-pt drop at n = 200 (spread)',
      '(broken cases)',
    ]),
  );
  print(row(['---', '--:', '--:', '--:', '--:', '--:']));
  let seed = 100;
  for (const [name, suite] of Object.entries(SUITES)) {
    const fa = [50, 200, 1000].map((cases) =>
      pct(accuracyFailRate({ suite, cases, repeats: 1, change: same, trials, seed: seed++ })),
    );
    const spread = accuracyFailRate({
      suite,
      cases: 200,
      repeats: 1,
      change: spreadDrop(0.1),
      trials,
      seed: seed++,
    });
    const broken = name.startsWith('independent')
      ? '-'
      : pct(
          accuracyFailRate({ suite, cases: 200, repeats: 1, change: brokenCases(0.1), trials, seed: seed++ }),
        );
    print(row([name, ...fa, pct(spread), broken]));
  }
  print();
  print(
    'Exact power of the one-sided mid-p McNemar test at 0.05 with outcomes independent between runs (`gatePower`, `casesForGatePower`):',
  );
  print();
  const accs = [0.5, 0.7, 0.85, 0.9, 0.95];
  print(row(['baseline accuracy', ...accs.map((a) => pct(a))]));
  print(row(['---', ...accs.map(() => '--:')]));
  print(row(['power, 10-pt drop at n = 200', ...accs.map((a) => pct(gatePower(200, a, 0.1)))]));
  print(row(['cases for 80% power', ...accs.map((a) => String(casesForGatePower(a, 0.1)))]));
  print();
  print(
    `A 2-point drop (the default \`maxAccuracyDrop\`) from 90% needs ${casesForGatePower(0.9, 0.02)} cases for 80% power.`,
  );
  print();
  print(
    'Exact false-alarm rate of the accuracy check (mid-p, maxAccuracyDrop 2 points), outcomes independent between runs:',
  );
  print();
  const ns = [50, 200, 500];
  print(row(['accuracy', ...ns.map((n) => `n = ${n}`)]));
  print(row(['---', ...ns.map(() => '--:')]));
  for (const p of [0.5, 0.85, 0.95]) print(row([pct(p), ...ns.map((n) => pct2(exactFalseAlarm(n, p)))]));
  print();
  print(
    `The exact one-sided test (the gate's before the mid-p), for comparison, at 85% and n = 200: false alarms ${pct2(exactFalseAlarm(200, 0.85, 0.02, exactMcNemarLess))}, ` +
      `power for a 10-point drop ${pct(exactPower(200, 0.85, 0.1, exactMcNemarLess))}; the mid-p: ${pct2(exactFalseAlarm(200, 0.85))} and ${pct(exactPower(200, 0.85, 0.1))}.`,
  );
  print();
  for (const n of [50, 200]) {
    const w = worstFalseAlarm(n);
    print(
      `Least favourable suite of ${n} cases (some cases flip with probability q, the rest never): ${pct2(w.rate)}, with ${w.flaky} flaky cases at q = ${w.q}.`,
    );
  }
  print();
}

function repeats(): void {
  const trials = 1000;
  print(`### Repeats (${trials} trials per cell, n = 200 cases)`);
  print();
  print(row(['suite', 'repeats', 'false alarms', 'power, 10-pt drop (spread)', '5-pt drop']));
  print(row(['---', '--:', '--:', '--:', '--:']));
  let seed = 200;
  for (const [name, suite] of Object.entries(SUITES)) {
    for (const [label, identical] of [
      ['3', false],
      ['3 identical', true],
    ] as const) {
      const base = { suite, cases: 200, repeats: 3, identical, trials };
      const fa = accuracyFailRate({ ...base, change: same, seed: seed++ });
      const p10 = accuracyFailRate({ ...base, change: spreadDrop(0.1), seed: seed++ });
      const p5 = accuracyFailRate({ ...base, change: spreadDrop(0.05), seed: seed++ });
      print(row([name, label, pct(fa), pct(p10), pct(p5)]));
    }
  }
  print();
  const pickTrials = 4000;
  print(
    `The pick with identical repeats: a candidate truly 1 point below an 85% bar, 200 cases (${pickTrials} runs each; nominal rate 2.5%):`,
  );
  print();
  print(row(['repeats', 'declared eligible (the pick: cases are the unit)', 'Wilson over the samples']));
  print(row(['--:', '--:', '--:']));
  for (const r of [3, 5]) {
    const e = pickEligibleRate({
      cases: 200,
      repeats: r,
      accuracy: 0.84,
      bar: 0.85,
      trials: pickTrials,
      seed: 300 + r,
    });
    print(row([r, pct(e.pick), pct(e.perSample)]));
  }
  print();
}

function earlyStop(): void {
  const trials = 2000;
  print(
    `### Early stop with the gate (${trials} trials per row, 200 cases, bar 85%, nothing changed between baseline and run)`,
  );
  print();
  print(
    row([
      'true accuracy',
      'repeats',
      'stopped',
      'by the sequential rule',
      'stop changed the bar verdict',
      'gate failed (run as it ran)',
      'gate failed (same run in full)',
      'failures early stop caused',
    ]),
  );
  print(row(['--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:']));
  let seed = 400;
  for (const accuracy of [0.85, 0.9]) {
    for (const [label, repeats, identical] of [
      ['1', 1, false],
      ['3', 3, false],
      ['3 identical', 3, true],
    ] as const) {
      const r = earlyStopRates({ cases: 200, repeats, identical, accuracy, bar: 0.85, trials, seed: seed++ });
      print(
        row([
          pct(accuracy),
          label,
          pct(r.stopped),
          pct(r.claimedBelow),
          pct(r.verdictChanged),
          pct(r.gateFailed),
          pct(r.gateFailedFull),
          pct(r.gateChanged),
        ]),
      );
    }
  }
  print();
}

function earlyStopRule(): void {
  const trials = 2000;
  print(
    `Early stop's sequential rule for a candidate whose true accuracy equals the bar, one sample per case (${trials} candidates per row):`,
  );
  print();
  print(
    row([
      'bar',
      'samples',
      'stopped',
      'by the sequential rule (a false "below the bar")',
      'stop that a full run contradicts',
    ]),
  );
  print(row(['--:', '--:', '--:', '--:', '--:']));
  let seed = 450;
  for (const [bar, cases] of [
    [0.5, 50],
    [0.8, 100],
    [0.8, 200],
    [0.9, 200],
    [0.9, 500],
    [0.95, 1000],
  ] as const) {
    const r = earlyStopRates({
      cases,
      repeats: 1,
      identical: false,
      accuracy: bar,
      bar,
      trials,
      seed: seed++,
    });
    print(row([pct(bar), cases, pct(r.stopped), pct2(r.claimedBelow), pct2(r.verdictChanged)]));
  }
  print();
}

function sampleCost(): void {
  const trials = 4000;
  print(
    `### The cost check: \`--sample 50\` against a full 200-case baseline (${trials} trials per cell, maxCostIncrease +10%)`,
  );
  print();
  print(
    row([
      'suite',
      'false alarms, paired (the gate)',
      'unpaired (before; a version-1 baseline)',
      'power, every sample +20%',
      '+30%',
    ]),
  );
  print(row(['---', '--:', '--:', '--:', '--:']));
  let seed = 500;
  for (const [name, suite] of Object.entries(SUITES)) {
    const base = { suite, cases: 200, sample: 50, trials };
    const fa = sampleCostFailRates({ ...base, costRise: 0, seed: seed++ });
    const p20 = sampleCostFailRates({ ...base, costRise: 0.2, seed: seed++ });
    const p30 = sampleCostFailRates({ ...base, costRise: 0.3, seed: seed++ });
    print(row([name, pct(fa.paired), pct(fa.unpaired), pct(p20.paired), pct(p30.paired)]));
  }
  print();
}

async function judgedBudget(): Promise<void> {
  const trials = 800;
  print(
    `### A judged suite with a budget (${trials} trials per row, noisy suite, 100 cases; the judge is wrong 5% of the time and gives no verdict 1%)`,
  );
  print();
  print(
    row([
      'change',
      'budget',
      'stopped by the budget',
      'failed',
      'inconclusive',
      'passed',
      'failed among the stopped',
    ]),
  );
  print(row(['---', '---', '--:', '--:', '--:', '--:', '--:']));
  let seed = 600;
  for (const [label, change] of [
    ['none', same],
    ['10-pt drop', spreadDrop(0.1)],
  ] as const) {
    for (const [budget, share] of [
      ['ample', 10],
      ['the expected spend', 1],
    ] as const) {
      const r = await judgedBudgetRates({
        suite: SUITES.noisy!,
        cases: 100,
        change,
        judgeWrong: 0.05,
        judgeFails: 0.01,
        budgetShare: share,
        trials,
        seed: seed++,
      });
      print(
        row([
          label,
          budget,
          pct(r.stopped),
          pct(r.failed),
          pct(r.inconclusive),
          pct(r.passed),
          pct(r.failedWhenStopped),
        ]),
      );
    }
  }
  print();
}

print(
  'Simulated rates are estimates: over N trials a rate near 5% has a standard error of √(0.05 × 0.95 / N), ' +
    '0.49 points at 2,000 trials, 0.69 at 1,000, 0.77 at 800. Exact figures are marked as such.',
);
print();
plainGate();
repeats();
earlyStop();
earlyStopRule();
sampleCost();
await judgedBudget();
process.stdout.write(`${out.join('\n')}\n`);
