/**
 * `tollgate compare RUN_A RUN_B`: per-candidate differences between two runs, with a paired
 * significance test, and the cases that flipped. Pure; the rendering is in render-comparison.ts.
 */

import type { CandidateSummary } from '../log/summary-file.ts';
import {
  type PairedTestMethod,
  type PairedTestOptions,
  type PassCount,
  pairedCaseTest,
} from '../stats/paired-test.ts';
import type { GateInput } from './compare.ts';
import { compareIds, own, pairOutcomes, pooledRate } from './outcomes.ts';
import { priceChangeNote } from './price-note.ts';

/** A case whose pass rate changed; with one sample per case, a pass -> fail or fail -> pass. */
export interface FlippedCase {
  caseId: string;
  a: PassCount;
  b: PassCount;
}

export interface CandidateComparison {
  candidate: string;
  /** Which runs hold the candidate. */
  inA: boolean;
  inB: boolean;
  /** Overall accuracy of each run and `b - a`. */
  accuracy: { a: number | null; b: number | null; delta: number | null };
  /** The paired comparison over the cases both runs hold; null when there are none. */
  paired: {
    cases: number;
    a: number;
    b: number;
    delta: number;
    p: number;
    method: PairedTestMethod;
    onlyA: number;
    onlyB: number;
  } | null;
  /** Cost per success of each run and the relative change `b / a - 1`. */
  costPerSuccessUsd: { a: number | null; b: number | null; relative: number | null };
  /** Total candidate cost of each run and `b - a`. */
  costUsd: { a: number | null; b: number | null; delta: number | null };
  /** Cases whose pass rate went down (pass -> fail). */
  passToFail: FlippedCase[];
  /** Cases whose pass rate went up (fail -> pass). */
  failToPass: FlippedCase[];
}

export interface RunComparison {
  a: { runId: string; suite: string; suiteHash: string };
  b: { runId: string; suite: string; suiteHash: string };
  candidates: CandidateComparison[];
  notes: string[];
}

/**
 * Compares two runs candidate by candidate: accuracy (with the paired case-level test of
 * `pairedCaseTest` over the shared cases), cost per success and cost, and the flipped cases.
 * Candidates of either run are listed, those of A first.
 */
export function compareRuns(a: GateInput, b: GateInput, opts: PairedTestOptions = {}): RunComparison {
  const byIdA = new Map(a.summary.candidates.map((c) => [c.id, c]));
  const byIdB = new Map(b.summary.candidates.map((c) => [c.id, c]));
  const ids = [...byIdA.keys(), ...[...byIdB.keys()].filter((id) => !byIdA.has(id))];
  const candidates = ids.map((id) =>
    compareCandidate(
      id,
      byIdA.get(id),
      byIdB.get(id),
      own(a.outcomes, id) ?? {},
      own(b.outcomes, id) ?? {},
      opts,
    ),
  );
  const notes: string[] = [];
  if (a.summary.suite !== b.summary.suite) {
    notes.push(`The runs are of different suites ("${a.summary.suite}" and "${b.summary.suite}").`);
  } else if (a.summary.suiteHash !== b.summary.suiteHash) {
    notes.push(
      'The suite changed between the runs (suite hash differs): prompts, scorers or dataset differ.',
    );
  }
  const prices = priceChangeNote(
    { asOf: a.summary.prices.asOf, models: a.summary.prices.models },
    { asOf: b.summary.prices.asOf, models: b.summary.prices.models },
    'between the runs',
  );
  if (prices) notes.push(prices);
  const info = (s: GateInput['summary']) => ({ runId: s.runId, suite: s.suite, suiteHash: s.suiteHash });
  return { a: info(a.summary), b: info(b.summary), candidates, notes };
}

function compareCandidate(
  id: string,
  sa: CandidateSummary | undefined,
  sb: CandidateSummary | undefined,
  oa: Record<string, PassCount>,
  ob: Record<string, PassCount>,
  opts: PairedTestOptions,
): CandidateComparison {
  const accA = sa?.accuracy ?? null;
  const accB = sb?.accuracy ?? null;
  const cpsA = sa?.costPerSuccessUsd ?? null;
  const cpsB = sb?.costPerSuccessUsd ?? null;
  const costA = sa?.costUsd ?? null;
  const costB = sb?.costUsd ?? null;
  const shared = pairOutcomes(oa, ob);
  let paired: CandidateComparison['paired'] = null;
  const passToFail: FlippedCase[] = [];
  const failToPass: FlippedCase[] = [];
  if (shared.pairs.length > 0) {
    const test = pairedCaseTest(shared.pairs, opts);
    const pa = pooledRate(shared.pairs.map((x) => x.baseline))!;
    const pb = pooledRate(shared.pairs.map((x) => x.current))!;
    paired = {
      cases: shared.pairs.length,
      a: pa,
      b: pb,
      delta: pb - pa,
      p: test.p,
      method: test.method,
      onlyA: shared.onlyBaseline,
      onlyB: shared.onlyCurrent,
    };
    shared.pairs.forEach((pair, i) => {
      const ra = pair.baseline[0] / pair.baseline[1];
      const rb = pair.current[0] / pair.current[1];
      const flipped = { caseId: shared.caseIds[i]!, a: pair.baseline, b: pair.current };
      if (rb < ra) passToFail.push(flipped);
      else if (rb > ra) failToPass.push(flipped);
    });
  }
  const byId = (x: FlippedCase, y: FlippedCase) => compareIds(x.caseId, y.caseId);
  return {
    candidate: id,
    inA: sa !== undefined,
    inB: sb !== undefined,
    accuracy: { a: accA, b: accB, delta: accA !== null && accB !== null ? accB - accA : null },
    paired,
    costPerSuccessUsd: {
      a: cpsA,
      b: cpsB,
      relative: cpsA !== null && cpsB !== null && cpsA > 0 ? cpsB / cpsA - 1 : null,
    },
    costUsd: { a: costA, b: costB, delta: costA !== null && costB !== null ? costB - costA : null },
    passToFail: passToFail.sort(byId),
    failToPass: failToPass.sort(byId),
  };
}
