import type { ResolvedModel } from '../config/resolved.ts';
import type { Message, ScorerConfig } from '../config/schema.ts';
import { chatRequest } from '../runner/chat-request.ts';
import { judgeMessages } from '../scorers/llm-judge.ts';
import {
  type CallEstimate,
  type CallTarget,
  fromGuess,
  type History,
  outputWithReasoning,
  VERDICT_TOKENS,
  worstCase,
} from './sample-estimate.ts';

export type JudgeScorer = Extract<ScorerConfig, { type: 'llmJudge' }>;

/**
 * A judge call the cache does not hold. The response it will judge is unknown, so the reference
 * answer stands in for it; the verdict's length comes from the judges' cached history, else
 * VERDICT_TOKENS plus the judge model's default reasoning.
 */
export function judgeFromGuess(
  s: JudgeScorer,
  jt: CallTarget,
  fields: Record<string, unknown>,
  reference: unknown,
  candidateModel: ResolvedModel,
  h: History,
): CallEstimate {
  const standIn =
    reference === undefined || reference === null
      ? ''
      : typeof reference === 'string'
        ? reference
        : JSON.stringify(reference);
  const jreq = chatRequest(jt.model, safeJudgeMessages(s, fields, standIn));
  // a reasoning judge thinks before its verdict: its default reasoning is added, as for candidates
  const est = fromGuess(
    jt,
    jreq,
    outputWithReasoning(jt.model, h, { tokens: VERDICT_TOKENS, from: 'verdict' }),
    h.latencyMs(),
  );
  return { ...est, worstCaseUsd: judgeWorstCase(s, fields, candidateModel, jt) };
}

/** The judge's messages, or the raw rubric when its template cannot render for this case. */
export function safeJudgeMessages(
  s: JudgeScorer,
  fields: Record<string, unknown>,
  response: string,
): Message[] {
  try {
    return judgeMessages(s.rubric, fields, response);
  } catch {
    return judgeMessages(s.rubric.replace(/\{\{\{?[^}]*\}?\}\}/g, ''), {}, response);
  }
}

/**
 * A judge attempt's worst case: its prompt with the response at the candidate's maxTokens (once in
 * RESPONSE and once per `{{output}}` in the rubric), plus a full reply at the judge's maxTokens.
 * A response of n tokens is at most n tokens for an OpenAI-style judge reading an OpenAI-style
 * candidate; across tokenizer families it is taken as 3n, since their counts are approximations.
 */
export function judgeWorstCase(
  s: JudgeScorer,
  fields: Record<string, unknown>,
  candidate: ResolvedModel,
  jt: CallTarget,
): number | null {
  const judge = jt.model;
  const inserts = 1 + (s.rubric.match(/\{\{\{?\s*output\s*\}?\}\}/g)?.length ?? 0);
  const sameFamily = candidate.provider !== 'anthropic' && judge.provider !== 'anthropic';
  const perInsert = candidate.params.maxTokens * (sameFamily ? 1 : 3) + 2;
  return worstCase(judge, safeJudgeMessages(s, fields, ''), jt.tokenizer, perInsert * inserts);
}
