import type { Message } from '../prompt/message-schema.ts';
import { compileTemplate } from '../prompt/render.ts';
import type { ScoreResult } from './score-result.ts';
import { prepareOutput, type Scorer, type TextOptions } from './scorer.ts';

export const JUDGE_SYSTEM = `You are a strict evaluator. Judge the RESPONSE against the RUBRIC.
Reply with one JSON object and nothing else: {"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence"}.`;

/** A verdict the judge's text could not be read as. The sample becomes an error of kind `malformed`. */
export class VerdictError extends Error {
  override name = 'VerdictError';
}

export interface Verdict {
  pass: boolean;
  /** 0..1 */
  score: number;
  reason: string;
}

/**
 * The messages a judge gets: the rubric (a Handlebars template over the case's fields plus
 * `output`) and the response. `tollgate estimate` builds the same messages to count their tokens.
 */
export function judgeMessages(
  rubricTemplate: string,
  fields: Record<string, unknown>,
  response: string,
): Message[] {
  const rubric = compileTemplate(rubricTemplate)({ ...fields, output: response });
  return [
    { role: 'system', content: JUDGE_SYSTEM },
    { role: 'user', content: `RUBRIC:\n${rubric}\n\nRESPONSE:\n${response}` },
  ];
}

/**
 * Scores an output with a judge model. The verdict must be a JSON object with a boolean `pass` (or a
 * bare PASS / FAIL line); anything else is an error with its cause, never a pass.
 */
export function llmJudgeScorer(o: TextOptions & { name?: string; rubric: string; judgeId: string }): Scorer {
  const name = o.name ?? 'llmJudge';
  return {
    name,
    async score({ output, fields, judge }): Promise<ScoreResult> {
      if (!judge) throw new Error('llmJudge needs a judge runner');
      const { text } = prepareOutput(output, { ...o, ignoreCase: false });
      const verdictText = await judge(o.judgeId, judgeMessages(o.rubric, fields, text));
      const v = parseVerdict(verdictText);
      return { scorer: name, pass: v.pass, score: v.score, reason: v.reason };
    },
  };
}

/**
 * Reads a judge's verdict. Accepted, in this order:
 * 1. a JSON object (bare, inside prose, or in a ```json fence) with `pass` as a boolean, or as the
 *    strings "true"/"false"/"pass"/"fail"; `score`, when present, is a number (or numeric string)
 *    in 0..1, otherwise it follows `pass`;
 * 2. a line that is only `PASS` or `FAIL` (upper case, optionally after `Verdict:`), with an optional
 *    reason after a colon or dash.
 * Several verdicts that disagree, a JSON object without a usable `pass`, truncated JSON or no
 * verdict at all throw a VerdictError that says which.
 */
export function parseVerdict(text: string): Verdict {
  const objects = jsonObjects(text);
  const parsed = objects.filter((o): o is { value: Record<string, unknown> } => 'value' in o);
  if (parsed.length > 0) {
    const verdicts: Verdict[] = [];
    const problems: string[] = [];
    for (const { value } of parsed) {
      const v = verdictFromObject(value);
      if (typeof v === 'string') problems.push(v);
      else verdicts.push(v);
    }
    if (verdicts.length === 0) throw new VerdictError(`the judge's verdict ${problems[0]}: ${snippet(text)}`);
    if (new Set(verdicts.map((v) => v.pass)).size > 1) {
      throw new VerdictError(`the judge gave ${verdicts.length} verdicts that disagree: ${snippet(text)}`);
    }
    return verdicts[0]!;
  }
  const lines = [
    ...text.matchAll(
      /^[ \t>*_#-]*(?:(?:verdict|Verdict|VERDICT)\s*:\s*)?[*_]*(PASS|FAIL)[*_]*[ \t]*(?:[:.\-–—][ \t]*(.*))?$/gm,
    ),
  ];
  if (lines.length > 0) {
    const kinds = new Set(lines.map((m) => m[1]));
    if (kinds.size > 1)
      throw new VerdictError(`the judge's verdict has both a PASS and a FAIL line: ${snippet(text)}`);
    const first = lines[0]!;
    const pass = first[1] === 'PASS';
    return { pass, score: pass ? 1 : 0, reason: (first[2] ?? '').trim() };
  }
  const broken = objects.find((o): o is { error: string } => 'error' in o);
  if (broken)
    throw new VerdictError(`the judge's verdict is not valid JSON (${broken.error}): ${snippet(text)}`);
  if (text.trim() === '') throw new VerdictError('the judge returned an empty verdict');
  throw new VerdictError(
    `the judge's verdict has no {"pass": true|false} object and no PASS/FAIL line: ${snippet(text)}`,
  );
}

function verdictFromObject(v: Record<string, unknown>): Verdict | string {
  const raw = v.pass ?? v.verdict;
  let pass: boolean | undefined;
  if (typeof raw === 'boolean') pass = raw;
  else if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    pass = s === 'true' || s === 'pass' ? true : s === 'false' || s === 'fail' ? false : undefined;
  }
  if (pass === undefined) {
    return raw === undefined
      ? 'has no "pass" field'
      : `has "pass": ${JSON.stringify(raw)}, not true or false`;
  }
  const s = typeof v.score === 'string' && v.score.trim() !== '' ? Number(v.score) : v.score;
  const score = typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= 1 ? s : pass ? 1 : 0;
  return { pass, score, reason: typeof v.reason === 'string' ? v.reason : '' };
}

/** Every top-level `{...}` in the text, balanced with strings respected; parsed or with its error. */
function jsonObjects(text: string): Array<{ value: Record<string, unknown> } | { error: string }> {
  const out: Array<{ value: Record<string, unknown> } | { error: string }> = [];
  let i = text.indexOf('{');
  while (i !== -1) {
    const end = matchingBrace(text, i);
    if (end === -1) {
      out.push({ error: 'an object that never closes' });
      break;
    }
    try {
      const v = JSON.parse(text.slice(i, end + 1)) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push({ value: v as Record<string, unknown> });
    } catch (err) {
      out.push({ error: (err as Error).message.split('\n')[0] ?? 'a syntax error' });
    }
    i = text.indexOf('{', end + 1);
  }
  return out;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

function snippet(text: string): string {
  const j = JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  return j;
}
