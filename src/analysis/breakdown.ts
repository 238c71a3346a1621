/**
 * Breakdowns: each candidate's accuracy (with its interval), cost per success and coverage per
 * group of cases, for the suite's `groupBy` columns, and each scorer's pass rate. Folded one record
 * at a time beside the candidate tally, so memory grows with the groups (and, with repeats, the
 * cases), never with the samples.
 */
import type { CaseRow } from '../dataset/case-row.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { CandidateSummary, GroupSummary, ScorerSummary } from '../log/summary-file.ts';
import { addCost } from '../pricing/compute-cost.ts';
import { clusteredWilson } from '../stats/clustered-wilson.ts';
import { wilson } from '../stats/wilson.ts';
import { outcomeOf } from './outcome.ts';

/** The group of a case that lacks the column (or holds null there). */
export const NO_VALUE_GROUP = '(none)';

/** Which groups each case belongs to, for the suite's `groupBy` columns. */
export interface CaseGroups {
  groupBy: readonly string[];
  /** caseId -> per column (in `groupBy` order), the groups the case is in. */
  of: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/** The groups one column value puts a case in: each element of a list, else the value as text. */
export function groupValues(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [NO_VALUE_GROUP];
  if (Array.isArray(v)) {
    const values = [...new Set(v.flatMap(groupValues))];
    return values.length > 0 ? values : [NO_VALUE_GROUP];
  }
  return [typeof v === 'object' ? JSON.stringify(v) : String(v)];
}

/** The groups of every case, in the cases' order. */
export function caseGroupsOf(groupBy: readonly string[], cases: Iterable<CaseRow>): CaseGroups {
  const of = new Map<string, string[][]>();
  for (const c of cases)
    of.set(
      c.id,
      groupBy.map((col) => groupValues(c.fields[col])),
    );
  return { groupBy, of };
}

/** What the breakdowns add to a summary. */
export interface Breakdown {
  groupBy?: string[];
  groups?: GroupSummary[];
  scorers: ScorerSummary[];
}

export interface BreakdownCollector {
  add(r: SampleRecord): void;
  /** The figures, given the finished candidates (for their order and early stops). */
  finish(candidates: readonly CandidateSummary[]): Breakdown;
}

interface GroupAcc {
  samples: number;
  passed: number;
  scored: number;
  cost: number | null;
  /** caseId -> [passed, scored], kept only with repeats. */
  perCase: Map<string, [number, number]> | null;
}

/**
 * Collects the breakdowns.
 * @param groups the case groups, or null without `groupBy` (then only the scorers are broken down)
 * @param repeats samples per case; above 1 a group's interval is over its cases
 */
export function createBreakdownCollector(groups: CaseGroups | null, repeats = 1): BreakdownCollector {
  const accs = new Map<string, GroupAcc>();
  const scorers = new Map<string, Map<string, [number, number]>>();
  return {
    add(r) {
      countScores(scorers, r);
      const at = groups?.of.get(r.caseId);
      if (!at) return;
      at.forEach((values, col) => {
        for (const value of values) addToGroup(accs, groupKey(r.candidate, col, value), r, repeats);
      });
    },
    finish(candidates) {
      const out: Breakdown = { scorers: scorerFigures(candidates, scorers) };
      if (!groups) return out;
      return {
        groupBy: [...groups.groupBy],
        groups: groupFigures(candidates, groups, accs, repeats),
        ...out,
      };
    },
  };
}

function groupKey(candidate: string, column: number, value: string): string {
  return `${candidate}\u0000${column}\u0000${value}`;
}

function addToGroup(accs: Map<string, GroupAcc>, key: string, r: SampleRecord, repeats: number): void {
  let a = accs.get(key);
  if (!a) {
    a = { samples: 0, passed: 0, scored: 0, cost: 0, perCase: repeats > 1 ? new Map() : null };
    accs.set(key, a);
  }
  a.samples++;
  a.cost = addCost(a.cost, r.costUsd);
  if (outcomeOf(r) === 'not_scored') return;
  const passed = r.status === 'passed';
  a.scored++;
  if (passed) a.passed++;
  if (a.perCase) {
    const c = a.perCase.get(r.caseId) ?? [0, 0];
    c[0] += passed ? 1 : 0;
    c[1]++;
    a.perCase.set(r.caseId, c);
  }
}

function countScores(scorers: Map<string, Map<string, [number, number]>>, r: SampleRecord): void {
  if (r.scores.length === 0) return;
  let byScorer = scorers.get(r.candidate);
  if (!byScorer) {
    byScorer = new Map();
    scorers.set(r.candidate, byScorer);
  }
  for (const s of r.scores) {
    const c = byScorer.get(s.scorer) ?? [0, 0];
    c[0] += s.pass ? 1 : 0;
    c[1]++;
    byScorer.set(s.scorer, c);
  }
}

function scorerFigures(
  candidates: readonly CandidateSummary[],
  scorers: Map<string, Map<string, [number, number]>>,
): ScorerSummary[] {
  return candidates.flatMap((c) =>
    [...(scorers.get(c.id) ?? [])].map(([scorer, [passed, scored]]) => ({
      candidate: c.id,
      scorer,
      scored,
      passed,
      passRate: scored > 0 ? passed / scored : null,
    })),
  );
}

/** Every column's groups, sorted by value (the same order in a run, its shards and a merge), with the cases in each. */
function groupSizes(groups: CaseGroups): Map<string, number>[] {
  const sizes = groups.groupBy.map(() => new Map<string, number>());
  for (const perColumn of groups.of.values()) {
    perColumn.forEach((values, col) => {
      for (const v of values) sizes[col]!.set(v, (sizes[col]!.get(v) ?? 0) + 1);
    });
  }
  return sizes.map((m) => new Map([...m].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))));
}

function groupFigures(
  candidates: readonly CandidateSummary[],
  groups: CaseGroups,
  accs: Map<string, GroupAcc>,
  repeats: number,
): GroupSummary[] {
  const sizes = groupSizes(groups);
  const out: GroupSummary[] = [];
  for (const c of candidates) {
    groups.groupBy.forEach((column, col) => {
      const rows = [...sizes[col]!].map(([value, cases]) =>
        groupRow(c, { column, value, cases, planned: cases * repeats }, accs.get(groupKey(c.id, col, value))),
      );
      markWeakest(rows);
      out.push(...rows);
    });
  }
  return out;
}

function groupRow(
  c: CandidateSummary,
  g: { column: string; value: string; cases: number; planned: number },
  a: GroupAcc | undefined,
): GroupSummary {
  const samples = a?.samples ?? 0;
  const passed = a?.passed ?? 0;
  const scored = a?.scored ?? 0;
  const cost = a ? a.cost : 0;
  const interval = a?.perCase ? clusteredWilson([...a.perCase.values()]) : wilson(passed, scored);
  // an early stop chose not to run the rest: those samples are not a gap in coverage
  const expected = c.earlyStopped ? samples : g.planned;
  return {
    candidate: c.id,
    column: g.column,
    value: g.value,
    cases: g.cases,
    samples,
    passed,
    scored,
    accuracy: scored > 0 ? passed / scored : null,
    accuracyLow: interval?.low ?? null,
    accuracyHigh: interval?.high ?? null,
    costUsd: cost,
    costPerSuccessUsd: passed > 0 && cost !== null ? cost / passed : null,
    coverage: expected > 0 ? scored / expected : null,
    weakest: false,
  };
}

/** Marks the group with the lowest accuracy (ties: the lower upper bound, then the first). */
function markWeakest(rows: GroupSummary[]): void {
  let weakest: GroupSummary | null = null;
  for (const r of rows) {
    if (r.accuracy === null) continue;
    if (
      weakest === null ||
      r.accuracy < weakest.accuracy! ||
      (r.accuracy === weakest.accuracy && (r.accuracyHigh ?? 1) < (weakest.accuracyHigh ?? 1))
    )
      weakest = r;
  }
  // one group is nothing to compare
  if (weakest && rows.length > 1) weakest.weakest = true;
}
