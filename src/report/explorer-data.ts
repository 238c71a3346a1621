/**
 * The per-case explorer's data: which cases it shows, and for each one its inputs, the expected
 * answer and every candidate's samples. Built in bounded memory: only the shown cases are kept,
 * and long texts are cut.
 */

import { type Outcome, outcomeOf } from '../analysis/outcome.ts';
import type { SampleRecord, SampleStatus } from '../log/records-file.ts';
import { summarizeScores } from './cases-csv.ts';
import { fieldText } from './field-text.ts';

/** The most cases the HTML embeds; the rest are in cases.csv. */
export const MAX_EXPLORER_CASES = 2000;
/** The longest output or field value the HTML embeds, in characters. */
export const MAX_EXPLORER_TEXT = 2000;

/**
 * A sample's figures, as one array to keep the page small: cost (USD, null when unpriced), input,
 * cache-read, output and reasoning tokens, latency (ms), attempts (requests sent) and model calls.
 */
export type SampleFigures = [
  costUsd: number | null,
  input: number,
  cacheRead: number,
  output: number,
  reasoning: number,
  latencyMs: number,
  attempts: number,
  calls: number,
];

export interface ExplorerSample {
  /** Index into `ExplorerData.candidates`. */
  candidate: number;
  repeat: number;
  status: SampleStatus;
  /** What it counts as: an error that is not the candidate's doing is not scored. */
  outcome: Outcome;
  figures: SampleFigures;
  output: string | null;
  /** `kind: message` when the sample ended in an error. */
  error: string | null;
  /** The scorers' verdicts with their reasons, e.g. `equals=fail (expected 4)`; '' when one scorer passed without comment. */
  scores: string;
}

export interface ExplorerCase {
  id: string;
  /** Input fields as `[name, text]`, in the dataset's order, without `expected`. */
  inputs: [string, string][];
  /** The `expected` field, when the case has one. */
  expected: string | null;
  /** `[prompt id, hash]` of the messages each prompt variant sent, from prompts.jsonl (see `ExplorerData.messages`). */
  prompts: [string, string][];
  samples: ExplorerSample[];
  /** Some sample did not pass. */
  hasFailure: boolean;
  /** The candidates' pass rates on this case differ. */
  disagreement: boolean;
}

/** The messages the shown cases were sent (see read-prompts.ts). */
export interface CasePrompts {
  /** Per case id: `[prompt id, hash]` of each prompt variant's messages, in file order. */
  byCase: Map<string, [string, string][]>;
  /** Per hash: the messages as `[role, index into texts]`. */
  messages: Map<string, [string, number][]>;
  /** Every distinct message text, once. */
  texts: string[];
}

export interface ExplorerData {
  candidates: string[];
  /** Each candidate's prompt variant, by the index of `candidates`. */
  candidatePrompts: string[];
  cases: ExplorerCase[];
  /** The messages sent, as `[role, index into messageTexts]`, once per distinct hash; `{}` without prompts.jsonl. */
  messages: Record<string, [string, number][]>;
  /** Every distinct message text, once. */
  messageTexts: string[];
  /** false when the run folder has no prompts.jsonl (written before it, or a task suite). */
  hasMessages: boolean;
  /** Distinct cases with at least one record. */
  totalCases: number;
  /** false when the run folder has no cases.jsonl. */
  hasInputs: boolean;
  maxText: number;
}

/** The explorer of a run with no cases, for reporters that read none. */
export const NO_CASES: ExplorerData = {
  candidates: [],
  candidatePrompts: [],
  cases: [],
  messages: {},
  messageTexts: [],
  hasMessages: false,
  totalCases: 0,
  hasInputs: false,
  maxText: 0,
};

/** Cuts text longer than `max` characters, marking the cut. */
export function clip(text: string, max = MAX_EXPLORER_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [cut at ${max} characters]`;
}

/** Orders case ids for the explorer: by dataset position (cases.jsonl), then naturally by id. */
function caseOrder(order: ReadonlyMap<string, number> | null): (a: string, b: string) => number {
  // made on the first tie: a collator's first use costs ~8 ms, and cases with positions never tie
  let natural: Intl.Collator | undefined;
  const pos = (id: string) => order?.get(id) ?? Number.POSITIVE_INFINITY;
  return (a, b) => {
    const pa = pos(a);
    const pb = pos(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    natural ??= new Intl.Collator('en', { numeric: true });
    return natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

export interface ExplorerCollector {
  /** Takes one record, in any order; records of cases that cannot be shown are dropped at once. */
  add(r: SampleRecord): void;
  /** The cases the explorer shows: the first `max` seen, by dataset order, then naturally by id. */
  caseIds(): string[];
  /**
   * The explorer, given the cases' dataset fields (at least the shown ones; null: no cases.jsonl)
   * and the messages they were sent (null: no prompts.jsonl).
   */
  finish(
    fields: ReadonlyMap<string, Record<string, unknown>> | null,
    prompts?: CasePrompts | null,
  ): ExplorerData;
}

/**
 * Gathers the explorer in one pass over the records, in bounded memory: it keeps the samples of at
 * most a quarter more than `max` cases, and each time it holds more it trims back to the best
 * `max`. A case ordered after the worst kept one once the explorer is full can never be shown, so
 * it is dropped.
 */
export function createExplorerCollector(opts: {
  candidates: string[];
  order: ReadonlyMap<string, number> | null;
  max?: number;
}): ExplorerCollector {
  const max = opts.max ?? MAX_EXPLORER_CASES;
  // how many cases it may hold before trimming: a trim sorts them, so not after every new case
  const slack = max + Math.max(1, Math.ceil(max / 4));
  const compare = caseOrder(opts.order);
  const candidates = [...opts.candidates];
  const candidatePrompts: string[] = candidates.map(() => '');
  const candidateIndex = new Map(candidates.map((id, i) => [id, i]));
  const seen = new Set<string>();
  const kept = new Map<string, ExplorerSample[]>();
  // the worst case still kept after the last trim; a new case after it is never shown
  let worstKept: string | null = null;
  const selected = () => [...kept.keys()].sort(compare).slice(0, max);

  return {
    add(r) {
      if (!seen.has(r.caseId)) {
        seen.add(r.caseId);
        if (worstKept !== null && compare(r.caseId, worstKept) > 0) return;
        kept.set(r.caseId, []);
        if (kept.size > slack) {
          const best = selected();
          const keep = new Set(best);
          for (const id of kept.keys()) if (!keep.has(id)) kept.delete(id);
          worstKept = best[best.length - 1] ?? null;
        }
      }
      const samples = kept.get(r.caseId);
      if (!samples) return;
      let c = candidateIndex.get(r.candidate);
      if (c === undefined) {
        c = candidates.push(r.candidate) - 1;
        candidateIndex.set(r.candidate, c);
      }
      candidatePrompts[c] = r.prompt;
      samples.push(toSample(r, c));
    },
    caseIds: selected,
    finish(fields, prompts = null) {
      return {
        candidates,
        candidatePrompts,
        cases: selected().map((id) =>
          toCase(id, fields?.get(id) ?? null, prompts?.byCase.get(id) ?? [], kept.get(id) ?? []),
        ),
        messages: prompts ? Object.fromEntries(prompts.messages) : {},
        messageTexts: prompts?.texts ?? [],
        hasMessages: prompts !== null,
        totalCases: seen.size,
        hasInputs: fields !== null,
        maxText: MAX_EXPLORER_TEXT,
      };
    },
  };
}

function toSample(r: SampleRecord, candidate: number): ExplorerSample {
  return {
    candidate,
    repeat: r.repeat,
    status: r.status,
    outcome: outcomeOf(r),
    figures: [
      r.costUsd,
      r.tokens.input,
      r.tokens.cacheRead,
      r.tokens.output,
      r.tokens.reasoning,
      r.latencyMs,
      r.attempts,
      r.calls,
    ],
    output: r.output === null ? null : clip(r.output),
    error: r.error ? clip(`${r.error.kind}: ${r.error.message}`) : null,
    scores: scoreNote(r),
  };
}

function scoreNote(r: SampleRecord): string {
  const scores = r.scores ?? [];
  if (scores.length === 1 && scores[0]!.pass && !scores[0]!.reason) return '';
  return clip(summarizeScores(scores));
}

function toCase(
  id: string,
  fields: Record<string, unknown> | null,
  prompts: [string, string][],
  samples: ExplorerSample[],
): ExplorerCase {
  samples.sort((a, b) => a.candidate - b.candidate || a.repeat - b.repeat);
  const inputs: [string, string][] = Object.entries(fields ?? {})
    // `expected` is shown on its own; an `id` field that repeats the case id is not shown twice
    .filter(([k, v]) => k !== 'expected' && !(k === 'id' && fieldText(v) === id))
    .map(([k, v]) => [k, clip(fieldText(v))]);
  const expected = fields && 'expected' in fields ? clip(fieldText(fields.expected)) : null;
  return {
    id,
    inputs,
    expected,
    prompts,
    samples,
    hasFailure: samples.some((s) => s.status !== 'passed'),
    disagreement: disagrees(samples),
  };
}

/** The candidates' pass rates on the case are not all equal. */
function disagrees(samples: ExplorerSample[]): boolean {
  const tally = new Map<number, { passed: number; total: number }>();
  for (const s of samples) {
    const t = tally.get(s.candidate) ?? { passed: 0, total: 0 };
    t.total++;
    if (s.status === 'passed') t.passed++;
    tally.set(s.candidate, t);
  }
  const rates = new Set([...tally.values()].map((t) => t.passed / t.total));
  return rates.size > 1;
}
