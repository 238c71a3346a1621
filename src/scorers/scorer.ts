import type { Message } from '../prompt/message-schema.ts';
import type { ScoreResult } from './score-result.ts';

/**
 * Sends messages to the judge model on the judge ledger and returns its text. Throws
 * `JudgeFailed` (with the error's kind) when the call fails after retries.
 */
export type JudgeFn = (judgeId: string, messages: Message[]) => Promise<string>;

export interface ScoreInput {
  output: string;
  /** The case's fields. */
  fields: Record<string, unknown>;
  signal: AbortSignal;
  /** Judge calls for llmJudge; metered on the judge ledger. */
  judge?: JudgeFn;
}

/** A scorer is one async function from an output and its case to a verdict. */
export interface Scorer {
  name: string;
  score(input: ScoreInput): Promise<ScoreResult> | ScoreResult;
}

/** Common options: reference field, case folding, trimming and answer extraction. */
export interface TextOptions {
  field?: string;
  ignoreCase?: boolean;
  trim?: boolean;
  extract?: string;
}

/** Applies `extract` (first capture group), `trim` and `ignoreCase` to a model output. */
export function prepareOutput(output: string, o: TextOptions): { text: string; extracted: boolean } {
  let text = output;
  let extracted = true;
  if (o.extract) {
    const m = new RegExp(o.extract).exec(output);
    if (m) text = m[1] ?? m[0];
    else extracted = false;
  }
  return { text: normalise(text, o), extracted };
}

export function normalise(s: string, o: TextOptions): string {
  let t = s;
  if (o.trim !== false) t = t.trim();
  if (o.ignoreCase) t = t.toLowerCase();
  return t;
}

/**
 * A scorer that cannot score: its reference is missing or empty. The sample becomes an error
 * (src/runner/run-sample.ts), never a pass: an empty reference is contained in every output.
 */
export class ScorerError extends Error {
  override name = 'ScorerError';
}

/** Reads the reference value from the case. */
export function reference(fields: Record<string, unknown>, o: TextOptions): unknown {
  return fields[o.field ?? 'expected'];
}

/**
 * The accepted references of a case (the field may hold a list), as text.
 * @throws ScorerError when the field is missing, null, an empty list or an empty string
 */
export function references(scorer: string, fields: Record<string, unknown>, o: TextOptions): string[] {
  const field = o.field ?? 'expected';
  const raw = fields[field];
  const list = Array.isArray(raw) ? raw : [raw];
  const why = !Object.hasOwn(fields, field)
    ? 'is missing'
    : list.length === 0
      ? 'is an empty list'
      : list.some((r) => r === null || r === undefined || normalise(String(r), o) === '')
        ? 'is empty'
        : null;
  if (why)
    throw new ScorerError(
      `${scorer}: the reference field "${field}" ${why} in this case, so there is nothing to compare with`,
    );
  return list.map((r) => String(r));
}

export function verdict(scorer: string, pass: boolean, reason: string, score = pass ? 1 : 0): ScoreResult {
  return { scorer, pass, score, reason };
}

export function show(s: string, n = 80): string {
  const j = JSON.stringify(s);
  return j.length > n ? `${j.slice(0, n)}…"` : j;
}
