/**
 * The gate: compares a run with the committed baseline, candidate by candidate, check by check.
 * Pure: the same inputs always give the same verdicts (the Monte Carlo fallback is seeded).
 */

import { PARTIAL_STOPS } from '../analysis/summarize.ts';
import { DEFAULT_GATE } from '../config/schema.ts';
import { escapeControl } from '../escape-control.ts';
import { formatPct } from '../format/percent.ts';
import type { Baseline } from '../log/baseline-file.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import type { PairedTestOptions } from '../stats/paired-test.ts';
import { checkAccuracy, checkBar, checkCost, skipVerdict } from './checks.ts';
import { compareIds, type OutcomesByCandidate, own } from './outcomes.ts';
import { priceChangeNote } from './price-note.ts';
import { checkTokens, tokensNote } from './token-check.ts';
import type { GateResult, GateSpec, Verdict } from './types.ts';

/** A run as the gate sees it: its summary and per-case outcomes. */
export interface GateInput {
  summary: Summary;
  outcomes: OutcomesByCandidate;
}

/** The gate's thresholds as a run's summary records them. */
export function gateSpecOf(summary: Summary): GateSpec {
  return {
    qualityBar: summary.qualityBar,
    // a summary.json from elsewhere may lack them
    maxAccuracyDrop: summary.gate?.maxAccuracyDrop ?? DEFAULT_GATE.maxAccuracyDrop,
    maxCostIncrease: summary.gate?.maxCostIncrease ?? DEFAULT_GATE.maxCostIncrease,
    maxTokenIncrease: summary.gate?.maxTokenIncrease ?? DEFAULT_GATE.maxTokenIncrease,
  };
}

/**
 * Gates a run against a baseline.
 *
 * For each candidate of the run: `bar` (accuracy below the quality bar fails), `accuracy` (a drop
 * larger than `maxAccuracyDrop` that the paired case-level test finds significant at p < 0.05
 * fails; only cases present in both runs are paired) and `cost` (cost per success up by more than
 * `maxCostIncrease`, relative, fails). A candidate new to this run gets the bar check only; a
 * baseline candidate missing from this run is reported as skipped and does not fail. With no
 * baseline, only the bar is checked.
 * @example gateRun({ summary, outcomes }, baseline, gateSpecOf(summary)).passed
 */
export function gateRun(
  current: GateInput,
  baseline: Baseline | null,
  spec: GateSpec,
  opts: PairedTestOptions = {},
): GateResult {
  const { summary, outcomes } = current;
  const verdicts: Verdict[] = [];
  const notes: string[] = [];
  const partial = partialReason(summary);
  for (const c of summary.candidates) {
    const why = partial ?? incompleteReason(c, summary.minCoverage);
    if (why !== null) {
      verdicts.push(...inconclusiveVerdicts(c.id, why));
      continue;
    }
    verdicts.push(checkBar(c, spec.qualityBar));
    const before = baseline ? own(baseline.candidates, c.id) : undefined;
    if (!before) {
      const why = baseline ? 'New candidate: not in the baseline.' : 'No baseline to compare with.';
      verdicts.push(
        skipVerdict(c.id, 'accuracy', why),
        skipVerdict(c.id, 'cost', why),
        skipVerdict(c.id, 'tokens', why),
      );
      continue;
    }
    verdicts.push(checkAccuracy(c.id, before.cases, own(outcomes, c.id) ?? {}, spec.maxAccuracyDrop, opts));
    verdicts.push(checkCost(before.summary, c, spec.maxCostIncrease));
    verdicts.push(checkTokens(before.summary, c, spec.maxTokenIncrease ?? DEFAULT_GATE.maxTokenIncrease));
  }
  if (baseline) {
    const ran = new Set(summary.candidates.map((c) => c.id));
    const missing = Object.keys(baseline.candidates)
      .filter((id) => !ran.has(id))
      .sort(compareIds);
    for (const id of missing) {
      const why = 'In the baseline but not in this run; not checked.';
      verdicts.push(
        skipVerdict(id, 'bar', why),
        skipVerdict(id, 'accuracy', why),
        skipVerdict(id, 'cost', why),
        skipVerdict(id, 'tokens', why),
      );
    }
    if (missing.length > 0) {
      notes.push(`Not in this run, so not gated: ${missing.map((id) => escapeControl(id)).join(', ')}.`);
    }
    notes.push(...baselineNotes(summary, baseline));
    const untracked = tokensNote(baseline, summary.candidates);
    if (untracked) notes.push(untracked);
  } else {
    notes.push(
      'No baseline: only the quality bar was checked. Create one with `tollgate run SUITE --update-baseline` and commit it.',
    );
  }
  if (summary.stoppedReason !== null) {
    notes.push(
      `This run is incomplete (stopped: ${summary.stoppedReason}); only the cases that ran are compared.`,
    );
  }
  const counts = { pass: 0, fail: 0, skip: 0, inconclusive: 0 };
  for (const v of verdicts) counts[v.status]++;
  return {
    suite: summary.suite,
    runId: summary.runId,
    baseline: baseline
      ? { runId: baseline.runId, suiteHash: baseline.suiteHash, pricesAsOf: baseline.pricesAsOf }
      : null,
    spec,
    verdicts,
    notes,
    counts,
    passed: counts.fail === 0 && counts.inconclusive === 0,
  };
}

/**
 * Why every candidate of a partial run (interrupted, budget, replay miss) is inconclusive, or null.
 * A `minCoverage` of 0 (`--allow-incomplete`) accepts a partial run.
 */
function partialReason(summary: Summary): string | null {
  if (summary.stoppedReason === null || !PARTIAL_STOPS.has(summary.stoppedReason)) return null;
  if (summary.minCoverage === 0) return null;
  const run = summary.candidates.reduce((n, c) => n + c.samples, 0);
  const planned = summary.candidates.reduce((n, c) => n + c.samples + c.notRun, 0);
  return `Inconclusive: the run is partial (stopped: ${summary.stoppedReason}; ${run} of ${planned} samples), so it is not gated.`;
}

/** Why an incomplete candidate is inconclusive, or null for a complete one. */
function incompleteReason(c: CandidateSummary, minCoverage: number | undefined): string | null {
  if (!c.incomplete) return null;
  const need = minCoverage === undefined ? '' : ` below the minimum ${formatPct(minCoverage, 0)}`;
  return (
    `Inconclusive: coverage ${formatPct(c.coverage ?? null)}${need} (${c.scored ?? 0} of ${c.samples + c.notRun} samples scored), ` +
    'so the candidate is incomplete and not gated.'
  );
}

function inconclusiveVerdicts(candidate: string, message: string): Verdict[] {
  return (['bar', 'accuracy', 'cost', 'tokens'] as const).map((check) => ({
    ...skipVerdict(candidate, check, message),
    status: 'inconclusive' as const,
  }));
}

function baselineNotes(summary: Summary, baseline: Baseline): string[] {
  const notes: string[] = [];
  if (baseline.suite !== summary.suite) {
    notes.push(
      `The baseline is for suite "${escapeControl(baseline.suite)}", this run is "${escapeControl(summary.suite)}".`,
    );
  }
  if (baseline.suiteHash !== summary.suiteHash) {
    notes.push(
      `The suite changed since the baseline (suite hash ${short(baseline.suiteHash)} -> ${short(summary.suiteHash)}): ` +
        'prompts, scorers or dataset differ, so a difference may come from the suite rather than the model. ' +
        'If the change is intended, update the baseline.',
    );
  }
  const prices = priceChangeNote(
    { asOf: baseline.pricesAsOf, models: baseline.prices ?? null },
    { asOf: summary.prices.asOf, models: summary.prices.models },
    'since the baseline',
  );
  if (prices) notes.push(prices);
  return notes;
}

function short(hash: string): string {
  return escapeControl(hash.slice(0, 12));
}
