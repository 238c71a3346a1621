import type { Candidate, ResolvedSuite } from '../config/resolved.ts';
import { UserError } from '../errors.ts';

/**
 * What a run (or its estimate) covers and under which limits, as `--models`, `--prompts`,
 * `--repeats`, `--sample`, `--shard`, `--budget` and `--concurrency` give it. Anything left out
 * takes the suite's own setting.
 */
export interface Selection {
  /** Keep only these model ids / prompt ids. */
  models?: string[];
  prompts?: string[];
  repeats?: number;
  /** A seeded subset of this many cases, the same for every candidate. */
  sample?: number;
  /** 1-based shard index and count. */
  shard?: { index: number; count: number };
  /** Overrides the suite's budgetUsd (null: no cap). */
  budgetUsd?: number | null;
  /** Requests in flight per provider endpoint. */
  concurrency?: number;
}

/** The candidates a selection covers, in the suite's order. */
export function selectCandidates(
  suite: ResolvedSuite,
  selection: Pick<Selection, 'models' | 'prompts'>,
): Candidate[] {
  return suite.candidates.filter(
    (c) =>
      (!selection.models || selection.models.includes(c.model.id)) &&
      (!selection.prompts || selection.prompts.includes(c.prompt.id)),
  );
}

/** Every id given to --models and --prompts must name one in the suite. */
export function checkSelectedIds(
  selection: Pick<Selection, 'models' | 'prompts'>,
  suite: ResolvedSuite,
): void {
  for (const [flag, given, known] of [
    ['--models', selection.models, suite.models.map((m) => m.id)],
    ['--prompts', selection.prompts, suite.prompts.map((p) => p.id)],
  ] as const) {
    const unknown = (given ?? []).filter((x) => !known.includes(x));
    if (unknown.length)
      throw new UserError(
        `Expected ${flag} to name ids in the suite (${known.join(', ')}), got ${unknown.join(', ')}. Fix: use one of those ids.`,
      );
  }
}
