import type { Message } from '../config/schema.ts';
import { compileTemplate } from '../prompt/render.ts';
import type { ScoreResult } from '../types.ts';
import type { Scorer, TextOptions } from './scorer.ts';
import { prepareOutput } from './scorer.ts';

/**
 * Sends messages to the judge model on the judge ledger and returns its text. Throws
 * `JudgeFailed` (with the error's kind) when the call fails after retries.
 */
export type JudgeFn = (judgeId: string, messages: Message[]) => Promise<string>;

export const JUDGE_SYSTEM = `You are a strict evaluator. Judge the RESPONSE against the RUBRIC.
Reply with one JSON object and nothing else: {"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence"}.`;

/** A verdict the judge's text could not be read as. */
export class VerdictError extends Error {
  override name = 'VerdictError';
}

/**
 * The rubric is a Handlebars template over the case's fields plus `output`. The verdict must be JSON
 * with a boolean `pass` (or a bare PASS / FAIL line); anything else is an error, never a pass.
 */
export function llmJudgeScorer(o: TextOptions & { name?: string; rubric: string; judgeId: string }): Scorer {
  const name = o.name ?? 'llmJudge';
  return {
    name,
    async score({ output, fields, judge }): Promise<ScoreResult> {
      if (!judge) throw new Error('llmJudge needs a judge runner');
      const { text } = prepareOutput(output, { ...o, ignoreCase: false });
      const rubric = compileTemplate(o.rubric)({ ...fields, output: text });
      const messages: Message[] = [
        { role: 'system', content: JUDGE_SYSTEM },
        { role: 'user', content: `RUBRIC:\n${rubric}\n\nRESPONSE:\n${text}` },
      ];
      const verdictText = await judge(o.judgeId, messages);
      const v = parseVerdict(verdictText);
      return { scorer: name, pass: v.pass, score: v.score, reason: v.reason };
    },
  };
}

/** Reads a judge's verdict robustly: a JSON object anywhere in the text, or a PASS/FAIL line. */
export function parseVerdict(text: string): { pass: boolean; score: number; reason: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) {
    try {
      const v = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
      const pass = typeof v.pass === 'boolean' ? v.pass : v.pass === 'true' ? true : v.pass === 'false' ? false : undefined;
      if (pass !== undefined) {
        const score = typeof v.score === 'number' && v.score >= 0 && v.score <= 1 ? v.score : pass ? 1 : 0;
        return { pass, score, reason: typeof v.reason === 'string' ? v.reason : '' };
      }
    } catch {
      // fall through to the line form
    }
  }
  const line = /^\s*(?:verdict\s*:\s*)?(PASS|FAIL)\b/im.exec(text);
  if (line) return { pass: line[1]!.toUpperCase() === 'PASS', score: line[1]!.toUpperCase() === 'PASS' ? 1 : 0, reason: '' };
  throw new VerdictError(`the judge's verdict is not {"pass": true|false, ...} or PASS/FAIL: ${JSON.stringify(text.slice(0, 120))}`);
}
