/**
 * Per-case outcomes: for each candidate and case, the passes over its repeats and the samples run.
 * This is what makes the gate's comparison paired, and what the baseline stores.
 */

import { outcomeOf } from '../analysis/outcome.ts';
import type { SampleRecord } from '../log/records-file.ts';
import type { PairedCase, PassCount } from '../stats/paired-test.ts';

/** caseId -> `[passed, samples]`, e.g. `{"caseA": [2, 3]}`. */
export type CaseOutcomes = Record<string, PassCount>;

/** candidate id -> its case outcomes. */
export type OutcomesByCandidate = Record<string, CaseOutcomes>;

/**
 * caseId -> what the case's samples cost at list price (USD, `costUsd` summed over its repeats,
 * scored or not, as a candidate's cost per success counts them); null when one is unpriced.
 */
export type CaseCosts = Record<string, number | null>;

/** candidate id -> its case costs. */
export type CostsByCandidate = Record<string, CaseCosts>;

/** What the gate keeps of a run's records: per-case outcomes and costs. */
export interface CaseData {
  outcomes: OutcomesByCandidate;
  costs: CostsByCandidate;
}

/**
 * Folds sample records into per-case pass counts. A failed sample, or an error that is the
 * candidate's failure, counts as a sample and not as a pass; a sample that was not scored
 * (src/analysis/outcome.ts) does not count. If the same (candidate, case, repeat) appears twice, the later record wins, so
 * a merged or resumed run never counts a sample twice.
 */
export async function collectOutcomes(
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<OutcomesByCandidate> {
  return (await collectCaseData(records)).outcomes;
}

/** One sample as the gate keeps it: its outcome (null: not scored) and its list-price cost. */
type Kept = { passed: boolean | null; costUsd: number | null };

/**
 * `collectOutcomes` plus each case's cost (`CaseCosts`), in one pass over the records. The same
 * rule applies: the later record of a (candidate, case, repeat) replaces the earlier one.
 */
export async function collectCaseData(
  records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>,
): Promise<CaseData> {
  const seen = new Map<string, Map<string, Map<number, Kept>>>();
  for await (const r of records) {
    let byCase = seen.get(r.candidate);
    if (!byCase) {
      byCase = new Map();
      seen.set(r.candidate, byCase);
    }
    let byRepeat = byCase.get(r.caseId);
    if (!byRepeat) {
      byRepeat = new Map();
      byCase.set(r.caseId, byRepeat);
    }
    const outcome = outcomeOf(r);
    byRepeat.set(r.repeat, {
      passed: outcome === 'not_scored' ? null : outcome === 'passed',
      costUsd: r.costUsd,
    });
  }
  const outcomes: OutcomesByCandidate = dict();
  const costs: CostsByCandidate = dict();
  for (const candidate of [...seen.keys()].sort(compareIds)) {
    const byCase = seen.get(candidate)!;
    const cases: CaseOutcomes = dict();
    const caseCosts: CaseCosts = dict();
    for (const caseId of [...byCase.keys()].sort(compareIds)) {
      const kept = [...byCase.get(caseId)!.values()];
      const scored = kept.filter((x) => x.passed !== null);
      if (scored.length === 0) continue;
      cases[caseId] = [scored.filter((x) => x.passed).length, scored.length];
      caseCosts[caseId] = kept.some((x) => x.costUsd === null)
        ? null
        : kept.reduce((sum, x) => sum + x.costUsd!, 0);
    }
    outcomes[candidate] = cases;
    costs[candidate] = caseCosts;
  }
  return { outcomes, costs };
}

/** The cases present in both, paired, plus how many were left out on each side. */
export interface PairedOutcomes {
  pairs: PairedCase[];
  /** The case ids of `pairs`, in the same order. */
  caseIds: string[];
  onlyBaseline: number;
  onlyCurrent: number;
}

/** Pairs the cases that both outcome maps hold (only those: a case run once cannot be compared). */
export function pairOutcomes(baseline: CaseOutcomes, current: CaseOutcomes): PairedOutcomes {
  const pairs: PairedCase[] = [];
  const caseIds: string[] = [];
  let onlyBaseline = 0;
  for (const caseId of Object.keys(baseline).sort(compareIds)) {
    const b = baseline[caseId]!;
    const c = own(current, caseId);
    if (c === undefined) {
      onlyBaseline++;
      continue;
    }
    pairs.push({ baseline: b, current: c });
    caseIds.push(caseId);
  }
  const onlyCurrent = Object.keys(current).filter((id) => !Object.hasOwn(baseline, id)).length;
  return { pairs, caseIds, onlyBaseline, onlyCurrent };
}

/** Pooled pass rate `sum(passed) / sum(samples)`, or null when there are no samples. */
export function pooledRate(counts: readonly PassCount[]): number | null {
  let k = 0;
  let n = 0;
  for (const [passed, samples] of counts) {
    k += passed;
    n += samples;
  }
  return n === 0 ? null : k / n;
}

/** Code-unit order: stable across machines and locales, unlike `localeCompare`. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An empty record with no prototype, so that ids such as `__proto__` or `constructor` are plain
 * keys and never reach `Object.prototype`.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` for own keys only (`constructor` is not a case of every object). */
export function own<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
