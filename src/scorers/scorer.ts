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

/** Reads the reference value from the case. */
export function reference(fields: Record<string, unknown>, o: TextOptions): unknown {
  return fields[o.field ?? 'expected'];
}

export function verdict(scorer: string, pass: boolean, reason: string, score = pass ? 1 : 0): ScoreResult {
  return { scorer, pass, score, reason };
}

export function show(s: string, n = 80): string {
  const j = JSON.stringify(s);
  return j.length > n ? `${j.slice(0, n)}…"` : j;
}
