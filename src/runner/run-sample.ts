import type { Candidate } from '../config/resolved.ts';
import type { ChatResult, Message, Params, TaskFn } from '../config/schema.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { AttemptRecord, SampleError, SampleRecord } from '../log/records-file.ts';
import { addCost, addTokens, zeroTokens } from '../pricing/compute-cost.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { Provider } from '../providers/provider.ts';
import type { ScoreResult } from '../scorers/score-result.ts';
import type { JudgeFn, Scorer } from '../scorers/scorer.ts';
import { chatRequest } from './chat-request.ts';
import { BudgetStop, type CallOutcome, type MeterDeps, meteredChat } from './metered-chat.ts';

export interface SampleSpec {
  candidate: Candidate;
  case: CaseRow;
  repeat: number;
}

export interface SampleDeps extends MeterDeps {
  provider: Provider;
  scorers: Scorer[];
  pass: 'all' | 'any';
  task?: TaskFn;
  /** Runs a judge call on the judge ledger; attempts land in `judgeAttempts`. */
  makeJudge(judgeAttempts: AttemptRecord[], label: string, signal: AbortSignal): JudgeFn;
}

/** The sample ran out of budget before it sent anything: it is "not run", not an error. */
export class NotRun extends Error {
  override name = 'NotRun';
}

/**
 * Runs one sample: renders the prompt (or runs the task), makes the metered calls, scores the
 * output and returns the record with every attempt charged to it. Throws NotRun when the budget
 * stopped it before its first request.
 */
export async function runSample(spec: SampleSpec, deps: SampleDeps): Promise<SampleRecord> {
  const { candidate, repeat } = spec;
  const label = `sample ${candidate.id} case "${spec.case.id}" repeat ${repeat}`;
  const attempts: AttemptRecord[] = [];
  const judgeAttempts: AttemptRecord[] = [];
  const started = deps.now();
  let calls = 0;
  let retries = 0;
  let cachedAll = true;

  const chat = async (messages: Message[], opts?: Params): Promise<CallOutcome> => {
    const before = attempts.length;
    try {
      const out = await meteredChat(
        {
          provider: deps.provider,
          model: candidate.model,
          request: chatRequest(candidate.model, messages, opts),
          repeat,
          callIndex: calls++,
          ledger: 'candidate',
          label,
        },
        deps,
        attempts,
      );
      if (!(out.ok && out.cached)) cachedAll = false;
      return out;
    } finally {
      const sent = attempts.slice(before).filter((a) => !a.cached).length;
      retries += Math.max(0, sent - 1);
    }
  };

  let output: string | null = null;
  let error: SampleError | null = null;
  try {
    if (deps.task) {
      output = await deps.task({
        input: spec.case.fields,
        prompt: candidate.prompt,
        signal: deps.signal,
        model: {
          id: candidate.model.id,
          chat: async (messages, opts): Promise<ChatResult> => {
            const before = attempts.length;
            const out = await chat(messages, opts);
            if (!out.ok) throw new CallFailed(out.error);
            const { tokens, cost } = sumAttempts(attempts.slice(before));
            return { text: out.text, tokens, costUsd: cost };
          },
        },
      });
      if (typeof output !== 'string')
        output = output === undefined || output === null ? '' : JSON.stringify(output);
    } else {
      const out = await chat(renderPrompt(candidate.prompt, spec.case.fields, spec.case.id));
      if (out.ok) output = out.text;
      else error = out.error;
    }
  } catch (err) {
    if (err instanceof BudgetStop) {
      if (attempts.length === 0) throw new NotRun('budget');
      error = { kind: 'budget', message: 'the budget ran out during this sample', status: null };
    } else if (err instanceof CallFailed) {
      error = err.error;
    } else if (deps.signal.aborted) {
      throw err;
    } else if (err instanceof Error && err.name === 'ReplayMiss') {
      throw err;
    } else {
      error = {
        kind: 'task',
        message: `task failed: ${(err as Error)?.message ?? String(err)}`,
        status: null,
      };
    }
  }

  // an interrupt that cut the calls short leaves the sample unfinished: it is not a record
  if (error !== null && deps.signal.aborted) throw interrupted(deps.signal);

  const scores: ScoreResult[] = [];
  if (error === null && output !== null) {
    try {
      const input = {
        output,
        fields: spec.case.fields,
        signal: deps.signal,
        judge: deps.makeJudge(judgeAttempts, label, deps.signal),
      };
      for (const s of deps.scorers) scores.push(await s.score(input));
    } catch (err) {
      if (err instanceof BudgetStop)
        error = { kind: 'budget', message: 'the budget ran out while judging this sample', status: null };
      else if (err instanceof JudgeFailed) error = err.error;
      else if (err instanceof Error && err.name === 'VerdictError')
        error = { kind: 'malformed', message: err.message, status: null };
      else if (err instanceof Error && err.name === 'ReplayMiss') throw err;
      else if (deps.signal.aborted) throw err;
      else
        error = {
          kind: 'task',
          message: `scorer failed: ${(err as Error)?.message ?? String(err)}`,
          status: null,
        };
    }
  }
  if (error !== null && deps.signal.aborted) throw interrupted(deps.signal);
  const passed =
    error === null && (deps.pass === 'all' ? scores.every((s) => s.pass) : scores.some((s) => s.pass));
  return buildRecord(spec, {
    status: error ? 'error' : passed ? 'passed' : 'failed',
    output,
    scores,
    error,
    attempts,
    judgeAttempts,
    calls,
    retries,
    cached: cachedAll && calls > 0,
    latencyMs: deps.now() - started,
  });
}

/** A task's model call failed after its retries. */
export class CallFailed extends Error {
  constructor(readonly error: SampleError) {
    super(error.message);
  }
}

/** A judge call failed, or its verdict could not be parsed. */
export class JudgeFailed extends Error {
  constructor(readonly error: SampleError) {
    super(error.message);
  }
}

interface Outcome {
  status: SampleRecord['status'];
  output: string | null;
  scores: ScoreResult[];
  error: SampleError | null;
  attempts: AttemptRecord[];
  judgeAttempts: AttemptRecord[];
  calls: number;
  retries: number;
  cached: boolean;
  latencyMs: number;
}

/** The tokens, cost and spend of some attempts (unknown if any is unknown), and how many were sent. */
function sumAttempts(list: AttemptRecord[]) {
  const tokens = zeroTokens();
  let cost: number | null = 0;
  let spent: number | null = 0;
  let sent = 0;
  for (const a of list) {
    if (a.tokens) addTokens(tokens, a.tokens);
    cost = addCost(cost, a.costUsd);
    spent = addCost(spent, a.spentUsd);
    if (!a.cached) sent++;
  }
  return { tokens, cost, spent, sent };
}

/** Sums a sample's attempts into its record. Pure. */
export function buildRecord(spec: SampleSpec, o: Outcome): SampleRecord {
  const c = sumAttempts(o.attempts);
  const j = sumAttempts(o.judgeAttempts);
  return {
    candidate: spec.candidate.id,
    model: spec.candidate.model.id,
    prompt: spec.candidate.prompt.id,
    caseId: spec.case.id,
    repeat: spec.repeat,
    status: o.status,
    output: o.output,
    scores: o.scores,
    attempts: c.sent,
    retries: o.retries,
    tokens: c.tokens,
    costUsd: c.cost,
    spentUsd: c.spent,
    cached: o.cached,
    latencyMs: Math.round(o.latencyMs),
    error: o.error,
    calls: o.calls,
    judge: o.judgeAttempts.length
      ? { attempts: j.sent, tokens: j.tokens, costUsd: j.cost, spentUsd: j.spent }
      : null,
    attemptLog: [...o.attempts, ...o.judgeAttempts],
  };
}

function interrupted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('interrupted');
}
