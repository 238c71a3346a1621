/**
 * Cascades, simulated from the recorded per-case results: a router answers with step 1 and
 * escalates to the next step when a runtime check fails on the output (or the step errored); the
 * last step always answers. The check should be one production has (a regex or JSON Schema validity
 * check, or a scorer's recorded verdict such as a judge's). A judge check's calls on the steps before
 * the last are charged to the cascade. A check that reads the reference answer
 * (src/analysis/check-reference.ts) makes the cascade optimistic: shown, never on the frontier.
 *
 * Also the oracle router: per case, the cheapest candidate that passed. It needs the reference, so
 * it is a bound, not a router: none is more accurate, and none gets a case right for less.
 *
 * Records are folded one at a time (`createCascadeCollector`), grouped by case and repeat, keeping
 * only a verdict, a cost and the check results per sample, never the outputs.
 */

import type { CascadeConfig, ScorerConfig } from '../config/schema.ts';
import { validate } from '../json-schema/compile.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary, CascadeSummary, OracleSummary, Summary } from '../log/summary-file.ts';
import { addCost } from '../pricing/compute-cost.ts';
import { type CaseCount, clusteredWilson } from '../stats/clustered-wilson.ts';
import { wilson } from '../stats/wilson.ts';
import { checkScorerName, referenceUse } from './check-reference.ts';
import { paretoFrontier } from './pareto.ts';

/** A runtime check: `regex`, `jsonSchema` or `judge`. */
export type RuntimeCheck = CascadeConfig['escalateWhen'];

/**
 * What a cascade is: its id, its steps (candidate ids), the check that escalates, and, when that
 * check reads the reference, the optimistic note (src/analysis/check-reference.ts).
 */
export type CascadeSpec = Pick<CascadeConfig, 'id' | 'steps' | 'escalateWhen'> & {
  /** @default null (the check is reference-free) */
  optimistic?: string | null;
};

/** The cascade definitions a summary keeps, to simulate its cascades again from the records. */
export function cascadeSpecsOf(summary: Pick<Summary, 'cascades'>): CascadeSpec[] {
  return (summary.cascades ?? []).map((c) => ({
    id: c.id,
    steps: c.steps,
    escalateWhen: c.escalateWhen,
    optimistic: c.optimistic ?? null,
  }));
}

/** A suite's cascades, each marked optimistic when its check reads the reference. */
export function cascadeSpecsOfSuite(config: {
  cascades?: CascadeConfig[];
  scorers: ScorerConfig[];
}): CascadeSpec[] {
  return (config.cascades ?? []).map((c) => ({
    ...c,
    optimistic: referenceUse(c.escalateWhen, config.scorers),
  }));
}

/** The recorded result of one sample that the simulation needs. */
export type CheckedRecord = Pick<SampleRecord, 'status' | 'output' | 'scores'>;

const regexCache = new Map<string, RegExp>();

/**
 * Whether an output passes the runtime check, so the cascade keeps it and does not escalate.
 * An errored sample (no output) never passes.
 *
 * - `regex`: the pattern matches the trimmed output.
 * - `jsonSchema`: the trimmed output parses as JSON and matches the schema.
 * - `judge`: the sample's recorded verdict from the llmJudge scorer named `scorer`
 *   (default `llmJudge`) passed; no such verdict fails.
 * - `scorer`: the same, for the scorer of any type named `scorer`.
 *
 * @example passesCheck({ type: 'regex', pattern: '^\\d+$' }, { status: 'failed', output: '41', scores: [] }) // true
 */
export function passesCheck(check: RuntimeCheck, r: CheckedRecord): boolean {
  if (r.status === 'error' || r.output === null) return false;
  const output = r.output.trim();
  switch (check.type) {
    case 'regex': {
      const key = `${check.flags ?? ''}/${check.pattern}`;
      let re = regexCache.get(key);
      if (!re) {
        re = new RegExp(check.pattern, (check.flags ?? '').replace(/[gy]/g, ''));
        regexCache.set(key, re);
      }
      return re.test(output);
    }
    case 'jsonSchema': {
      let value: unknown;
      try {
        value = JSON.parse(output);
      } catch {
        return false;
      }
      return validate(check.schema, value).length === 0;
    }
    case 'judge':
    case 'scorer': {
      const name = checkScorerName(check);
      return r.scores.find((s) => s.scorer === name)?.pass ?? false;
    }
  }
}

/**
 * What cascade k's check cost on this sample: the judge attempts made for the scorer it reads
 * (their list-price `costUsd`, as candidate costs are). 0 for a check that calls no model. A judge
 * check on records that do not name the scorer of their judge attempts (written before they did)
 * is charged every judge attempt of the sample, an upper bound when the suite has several judges.
 */
export function checkCostOf(
  check: RuntimeCheck,
  r: Pick<SampleRecord, 'attemptLog' | 'judge'>,
): number | null {
  const name = checkScorerName(check);
  if (name === null) return 0;
  const judged = r.attemptLog.filter((a) => a.ledger === 'judge');
  const named = judged.some((a) => a.scorer !== undefined);
  if (!named) return check.type === 'judge' && r.judge ? r.judge.costUsd : 0;
  let cost: number | null = 0;
  for (const a of judged) if (a.scorer === name) cost = addCost(cost, a.costUsd);
  return cost;
}

/**
 * One sample, as the simulation keeps it. `checks[k]` is cascade k's check on this output and
 * `checkCosts[k]` what running it cost (judge calls; 0 for a check that calls no model).
 */
export interface StepResult {
  passed: boolean;
  costUsd: number | null;
  checks: boolean[];
  /** @default all 0 */
  checkCosts?: Array<number | null>;
}

/** What one cascade did on one case. */
export interface CaseOutcome {
  /** The step (candidate id) that answered. */
  answeredBy: string;
  passed: boolean;
  /** The steps taken and the checks run on them, summed; null when one of them is unpriced. */
  costUsd: number | null;
  /** The checks' part of `costUsd`: judge calls on every step taken but the last. */
  checkCostUsd: number | null;
  /** Steps taken (1 = no escalation). */
  stepsTaken: number;
}

/**
 * Runs cascade `k` on one case. Returns null when a step has no record for the case: a cascade is
 * compared on the cases where all its steps ran, so that its figures are not flattered by skipping
 * the hard ones.
 */
export function simulateCase(
  spec: CascadeSpec,
  k: number,
  results: Map<string, StepResult>,
): CaseOutcome | null {
  if (spec.steps.some((s) => !results.has(s))) return null;
  let cost: number | null = 0;
  let checkCost: number | null = 0;
  for (const [i, step] of spec.steps.entries()) {
    const r = results.get(step)!;
    cost = addCost(cost, r.costUsd);
    const last = i === spec.steps.length - 1;
    // production runs the check on every step's output but the last one's
    if (!last) checkCost = addCost(checkCost, r.checkCosts?.[k] ?? 0);
    if (last || r.checks[k] === true)
      return {
        answeredBy: step,
        passed: r.passed,
        costUsd: addCost(cost, checkCost),
        checkCostUsd: checkCost,
        stepsTaken: i + 1,
      };
  }
  return null; // unreachable: steps has at least two entries
}

/**
 * The oracle on one case: the cheapest candidate that passed; when none passed, the cheapest one,
 * as a failure. Unknown costs rank last.
 */
export function oracleCase(
  results: Map<string, StepResult>,
): { passed: boolean; costUsd: number | null } | null {
  let best: StepResult | null = null;
  for (const r of results.values()) {
    if (best === null || better(r, best)) best = r;
  }
  return best && { passed: best.passed, costUsd: best.costUsd };
}

function better(a: StepResult, b: StepResult): boolean {
  if (a.passed !== b.passed) return a.passed;
  if (a.costUsd === null) return false;
  return b.costUsd === null || a.costUsd < b.costUsd;
}

export interface CascadeCollector {
  add(r: SampleRecord): void;
  /** The cascades and the oracle over everything added. */
  finish(opts: { qualityBar: number | null; candidates: CandidateSummary[] }): {
    cascades: CascadeSummary[];
    oracle: OracleSummary;
  };
}

/** Per (case, repeat): each candidate's result there. */
type CaseGroups = Map<string, Map<string, StepResult>>;

/** Folds sample records, in any order, into cascade and oracle figures. */
export function createCascadeCollector(specs: CascadeSpec[]): CascadeCollector {
  const groups: CaseGroups = new Map();
  const seen = new Set<string>();
  return {
    add(r) {
      const key = `${r.caseId}\u0000${r.repeat}`;
      let g = groups.get(key);
      if (!g) {
        g = new Map();
        groups.set(key, g);
      }
      seen.add(r.candidate);
      const checked = specs.map((s) => s.steps.slice(0, -1).includes(r.candidate));
      g.set(r.candidate, {
        passed: r.status === 'passed',
        costUsd: r.costUsd,
        checks: specs.map((s, k) => checked[k]! && passesCheck(s.escalateWhen, r)),
        checkCosts: specs.map((s, k) => (checked[k] ? checkCostOf(s.escalateWhen, r) : 0)),
      });
    },
    finish({ qualityBar, candidates }) {
      const cascades = specs.map((spec, k) => simulateCascade(spec, k, groups, qualityBar));
      markFrontier(cascades, candidates);
      const ids =
        candidates.length > 0 ? candidates.map((c) => c.id).filter((id) => seen.has(id)) : [...seen];
      return { cascades, oracle: oracleOf(groups, ids) };
    },
  };
}

/** One cascade over every (case, repeat): its figures, who answered, how often it escalated. */
function simulateCascade(
  spec: CascadeSpec,
  k: number,
  groups: CaseGroups,
  qualityBar: number | null,
): CascadeSummary {
  const tally = newTally();
  const answeredBy: Record<string, number> = Object.fromEntries(spec.steps.map((s) => [s, 0]));
  let escalated = 0;
  let skipped = 0;
  let checkCost: number | null = 0;
  for (const [key, g] of groups) {
    const o = simulateCase(spec, k, g);
    if (o === null) {
      if (spec.steps.some((s) => g.has(s))) skipped++;
      continue;
    }
    count(tally, caseOf(key), o.passed, o.costUsd);
    checkCost = addCost(checkCost, o.checkCostUsd);
    answeredBy[o.answeredBy] = (answeredBy[o.answeredBy] ?? 0) + 1;
    if (o.stepsTaken > 1) escalated++;
  }
  const f = figures(tally);
  return {
    id: spec.id,
    steps: [...spec.steps],
    escalateWhen: spec.escalateWhen,
    samples: tally.samples,
    passed: tally.passed,
    ...f,
    escalationRate: tally.samples > 0 ? escalated / tally.samples : null,
    answeredBy,
    meetsBar: qualityBar === null || f.accuracyLow === null ? null : f.accuracyLow >= qualityBar,
    onFrontier: false,
    skipped,
    checkCostUsd: tally.samples > 0 ? checkCost : null,
    optimistic: spec.optimistic ?? null,
  };
}

/**
 * Marks the cascades on the frontier of candidates and cascades together. An optimistic cascade
 * (its check reads the reference) is never on it, and pushes nothing off it.
 */
function markFrontier(cascades: CascadeSummary[], candidates: CandidateSummary[]): void {
  const frontier = paretoFrontier([
    // an incomplete candidate is never on the frontier, so it pushes no cascade off it
    ...candidates
      .filter((c) => !c.incomplete)
      .map((c) => ({
        id: `candidate:${c.id}`,
        accuracy: c.accuracy,
        costPerSuccessUsd: c.costPerSuccessUsd,
      })),
    ...cascades
      .filter((c) => !c.optimistic)
      .map((c) => ({
        id: `cascade:${c.id}`,
        accuracy: c.accuracy,
        costPerSuccessUsd: c.costPerSuccessUsd,
      })),
  ]);
  for (const c of cascades) c.onFrontier = frontier.has(`cascade:${c.id}`);
}

/** The oracle router over every (case, repeat): the best result any candidate got there. */
function oracleOf(groups: CaseGroups, ids: string[]): OracleSummary {
  const tally = newTally();
  for (const [key, g] of groups) {
    const o = oracleCase(g);
    if (o) count(tally, caseOf(key), o.passed, o.costUsd);
  }
  return { candidates: ids, samples: tally.samples, passed: tally.passed, ...figures(tally) };
}

/**
 * Simulates the cascades over a stream of records (records.jsonl). With no cascades there is
 * nothing to simulate and the result is empty, with no oracle.
 */
export async function simulateCascades(
  specs: CascadeSpec[],
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
  opts: { qualityBar: number | null; candidates: CandidateSummary[] },
): Promise<{ cascades: CascadeSummary[]; oracle: OracleSummary | null }> {
  if (specs.length === 0) return { cascades: [], oracle: null };
  const collector = createCascadeCollector(specs);
  for await (const r of records) collector.add(r);
  return collector.finish(opts);
}

interface Tally {
  samples: number;
  passed: number;
  cost: number | null;
  /** caseId -> [passed, samples]: with repeats the interval treats the case as the unit. */
  perCase: Map<string, [number, number]>;
}

function newTally(): Tally {
  return { samples: 0, passed: 0, cost: 0, perCase: new Map() };
}

/** The case id of a group key (`caseId NUL repeat`). */
function caseOf(key: string): string {
  return key.slice(0, key.lastIndexOf('\u0000'));
}

function count(t: Tally, caseId: string, passed: boolean, cost: number | null): void {
  t.samples++;
  if (passed) t.passed++;
  t.cost = addCost(t.cost, cost);
  const c = t.perCase.get(caseId);
  if (c) {
    c[0] += passed ? 1 : 0;
    c[1]++;
  } else t.perCase.set(caseId, [passed ? 1 : 0, 1]);
}

/**
 * The accuracy interval: Wilson over the samples, or, when a case has repeats, over the cases
 * (src/stats/clustered-wilson.ts), as a candidate's is, so identical repeats are not fresh evidence.
 */
function intervalOf(t: Tally) {
  if (t.perCase.size === t.samples) return wilson(t.passed, t.samples);
  const counts: CaseCount[] = [...t.perCase.values()];
  return clusteredWilson(counts);
}

function figures(t: Tally) {
  const ci = intervalOf(t);
  return {
    accuracy: t.samples > 0 ? t.passed / t.samples : null,
    accuracyLow: ci?.low ?? null,
    accuracyHigh: ci?.high ?? null,
    costUsd: t.samples > 0 ? t.cost : null,
    costPerSuccessUsd: t.passed > 0 && t.cost !== null ? t.cost / t.passed : null,
    costPerSampleUsd: t.samples > 0 && t.cost !== null ? t.cost / t.samples : null,
  };
}
