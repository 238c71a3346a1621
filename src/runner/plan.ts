import { createHash } from 'node:crypto';
import type { Candidate, ResolvedSuite } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { mulberry32 } from '../stats/prng.ts';
import { type Selection, selectCandidates } from './selection.ts';

/** Fisher-Yates with a seeded PRNG: the same seed gives the same order everywhere. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Which shard (0-based) a case belongs to, by a hash of its id. */
export function shardOf(caseId: string, count: number): number {
  const h = createHash('sha256').update(caseId).digest();
  return h.readUInt32BE(0) % count;
}

export interface PlanOptions {
  seed: number;
  /** A seeded subset of this many cases, the same for every candidate. */
  sample?: number;
  /** 1-based shard index and count. */
  shard?: { index: number; count: number };
}

/** The cases a run covers, in the seeded order they run in. */
export function planCases(cases: readonly CaseRow[], opts: PlanOptions): CaseRow[] {
  let chosen = seededShuffle(cases, opts.seed);
  if (opts.sample !== undefined && opts.sample < chosen.length) chosen = chosen.slice(0, opts.sample);
  if (opts.shard) {
    const { index, count } = opts.shard;
    chosen = chosen.filter((c) => shardOf(c.id, count) === index - 1);
  }
  return chosen;
}

export function sampleKey(candidate: string, caseId: string, repeat: number): string {
  return `${candidate}\u0000${caseId}\u0000${repeat}`;
}

/**
 * What a run covers: candidates × cases × repeats, computed once from the suite and the selection,
 * with the index arithmetic every part of the run shares (run, batch, estimate, resume, shards).
 */
export interface Plan {
  candidates: Candidate[];
  /** The cases, in the seeded order they run in (after `sample` and `shard`). */
  cases: CaseRow[];
  repeats: number;
  /** Samples planned per candidate: cases × repeats. */
  perCandidate: number;
  /** A case's position in the seeded order; undefined for a case outside the plan. */
  caseIndex(caseId: string): number | undefined;
  /** A case of the plan by id; undefined for a case outside the plan. */
  caseById(caseId: string): CaseRow | undefined;
  /** A sample's key in sets and maps (`sampleKey`). */
  keyOf(candidate: string, caseId: string, repeat: number): string;
  /** A sample's position in its candidate's plan order (case-major, then repeat); undefined for a case outside the plan. */
  indexOf(caseId: string, repeat: number): number | undefined;
}

/** The plan of a run of `suite` under `selection` (anything left out takes the suite's setting). */
export function makePlan(
  suite: ResolvedSuite,
  selection: Pick<Selection, 'models' | 'prompts' | 'repeats' | 'sample' | 'shard'>,
): Plan {
  const candidates = selectCandidates(suite, selection);
  const cases = planCases(suite.cases, {
    seed: suite.seed,
    sample: selection.sample,
    shard: selection.shard,
  });
  const repeats = selection.repeats ?? suite.repeats;
  const caseIndex = new Map(cases.map((c, i) => [c.id, i]));
  return {
    candidates,
    cases,
    repeats,
    perCandidate: cases.length * repeats,
    caseIndex: (caseId) => caseIndex.get(caseId),
    caseById: (caseId) => {
      const i = caseIndex.get(caseId);
      return i === undefined ? undefined : cases[i];
    },
    keyOf: sampleKey,
    indexOf(caseId, repeat) {
      const ci = caseIndex.get(caseId);
      return ci === undefined ? undefined : ci * repeats + repeat;
    },
  };
}
