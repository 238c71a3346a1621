/**
 * The sample-size planner of `tollgate estimate`: before anything is spent, whether the suite has
 * enough cases for a pick against its bar and for the gate to catch a drop of `maxAccuracyDrop`.
 * The arithmetic is src/stats/sample-size.ts; this words its answers and the assumptions behind them.
 */
import { formatBar } from '../format/percent.ts';
import { casesForGatePower, casesToClearBar, MAX_PLANNED_CASES } from '../stats/sample-size.ts';

/** The baseline accuracy the gate's power is computed at when no expected accuracy is known. */
export const ASSUMED_BASELINE_ACCURACY = 0.9;

/** The power the gate is planned for. */
export const GATE_POWER = 0.8;

/** What the planner is asked. */
export interface SampleSizeInput {
  /** The cases the run would cover (after `--sample` and `--shard`), not counting repeats. */
  cases: number;
  qualityBar: number | null;
  /** The suite's `gate.maxAccuracyDrop`. */
  maxAccuracyDrop: number;
  /** The candidates' expected accuracy (from cached history), or null: the best case is assumed. */
  expectedAccuracy: number | null;
}

/** The `planner` of `estimate --json`. */
export interface SampleSizePlan {
  /** The cases the run covers, not counting repeats. */
  cases: number;
  qualityBar: number | null;
  maxAccuracyDrop: number;
  /**
   * The fewest cases at which a candidate at the expected accuracy (else 100%) clears the bar on
   * its 95% lower bound; null without a bar, or when no count up to `maxPlannedCases` does
   * (`beyond` then lists it).
   */
  casesToClearBar: number | null;
  /**
   * The fewest cases at which the gate's one-sided mid-p McNemar check catches a true drop of
   * `maxAccuracyDrop` with 80% power; null when `maxAccuracyDrop` is 0 or past `maxPlannedCases`
   * (`beyond` then lists it).
   */
  casesForGatePower: number | null;
  /** The figures that exceed `maxPlannedCases` ("more than 10,000"). */
  beyond: Array<'casesToClearBar' | 'casesForGatePower'>;
  maxPlannedCases: number;
  /** The accuracy `casesToClearBar` is computed at: the expected one, else 1 (the best case). */
  accuracy: number;
  /** The baseline accuracy `casesForGatePower` is computed at: the expected one, else 0.9. */
  baselineAccuracy: number;
  /** Whether `accuracy` and `baselineAccuracy` are assumed rather than expected from history. */
  assumed: boolean;
  /** What the figures assume, in words. */
  assumptions: string[];
  /** One line per figure the suite falls short of. */
  warnings: string[];
}

const n = (v: number) => v.toLocaleString('en-US');
const MORE = `more than ${n(MAX_PLANNED_CASES)}`;

/**
 * Plans the suite's size.
 * @example planSampleSize({ cases: 15, qualityBar: 0.8, maxAccuracyDrop: 0.02, expectedAccuracy: null }).warnings[0]
 * // '15 cases cannot yield a pick against an 80% bar even at 100% accuracy: it needs 16.'
 */
export function planSampleSize(input: SampleSizeInput): SampleSizePlan {
  const plan: SampleSizePlan = {
    cases: input.cases,
    qualityBar: input.qualityBar,
    maxAccuracyDrop: input.maxAccuracyDrop,
    casesToClearBar: null,
    casesForGatePower: null,
    beyond: [],
    maxPlannedCases: MAX_PLANNED_CASES,
    accuracy: input.expectedAccuracy ?? 1,
    baselineAccuracy: input.expectedAccuracy ?? ASSUMED_BASELINE_ACCURACY,
    assumed: input.expectedAccuracy === null,
    assumptions: [],
    warnings: [],
  };
  planBar(plan, input);
  planGate(plan, input);
  return plan;
}

function planBar(plan: SampleSizePlan, input: SampleSizeInput): void {
  const bar = input.qualityBar;
  if (bar === null) return;
  const acc = input.expectedAccuracy ?? 1;
  const at =
    input.expectedAccuracy === null
      ? 'even at 100% accuracy'
      : `at the expected accuracy of ${formatBar(acc)}`;
  plan.assumptions.push(
    input.expectedAccuracy === null
      ? 'casesToClearBar is for a candidate at 100% accuracy, the best case (no expected accuracy is known).'
      : `casesToClearBar is for a candidate at the expected accuracy of ${formatBar(acc)}.`,
  );
  const need = casesToClearBar(acc, bar);
  plan.casesToClearBar = need;
  if (need === null) {
    // accuracy at or below the bar never clears it; above it, only past the cap
    if (acc > bar) plan.beyond.push('casesToClearBar');
    const needs = acc > bar ? `it needs ${MORE}` : 'no number of cases is enough';
    plan.warnings.push(`${n(input.cases)} cases cannot yield a pick against ${aBar(bar)} ${at}: ${needs}.`);
  } else if (input.cases < need) {
    plan.warnings.push(
      `${n(input.cases)} cases cannot yield a pick against ${aBar(bar)} ${at}: it needs ${n(need)}.`,
    );
  }
}

function planGate(plan: SampleSizePlan, input: SampleSizeInput): void {
  const drop = input.maxAccuracyDrop;
  if (drop <= 0) {
    plan.assumptions.push('casesForGatePower is not computed: gate.maxAccuracyDrop is 0.');
    return;
  }
  const p0 = input.expectedAccuracy ?? ASSUMED_BASELINE_ACCURACY;
  plan.assumptions.push(
    `casesForGatePower is for a true drop of ${formatPoints(drop)} points from a baseline accuracy of ${formatBar(p0)}${input.expectedAccuracy === null ? ' (assumed)' : ''}, with each case passing or failing independently in the two runs (the least favourable case), at ${GATE_POWER * 100}% power.`,
  );
  const need = casesForGatePower(p0, drop, GATE_POWER);
  plan.casesForGatePower = need;
  if (need === null) plan.beyond.push('casesForGatePower');
  if (need === null || input.cases < need) {
    plan.warnings.push(
      `${n(input.cases)} cases give the gate less than ${GATE_POWER * 100}% power to catch a ${formatPoints(drop)}-point accuracy drop (gate.maxAccuracyDrop) from ${input.expectedAccuracy === null ? 'an assumed ' : ''}${formatBar(p0)}: it needs ${need === null ? MORE : n(need)}.`,
    );
  }
}

/** "an 80% bar", "a 90% bar". */
function aBar(bar: number): string {
  const pct = formatBar(bar);
  return `${/^(8|11(?!\d)|18(?!\d))/.test(pct) ? 'an' : 'a'} ${pct} bar`;
}

/** 0.02 → "2". */
function formatPoints(drop: number): string {
  return `${Number((drop * 100).toFixed(2))}`;
}
