import type { Candidate } from '../config/resolved.ts';
import type { ChatMessage, ChatOptions, ChatResult, TaskFn } from '../config/schema.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { AttemptRecord, InputBreakdown, SampleError, SampleRecord } from '../log/records-file.ts';
import { addCost, addTokens, zeroTokens } from '../pricing/compute-cost.ts';
import { exactTokenizer } from '../pricing/tokenizer.ts';
import { totalTokensOf } from '../pricing/tokens.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { ChatRequest, Provider } from '../providers/provider.ts';
import { stopReasonOf } from '../providers/tool-messages.ts';
import type { ScoreResult } from '../scorers/score-result.ts';
import type { JudgeFn, Scorer } from '../scorers/scorer.ts';
import { chatRequest } from './chat-request.ts';
import { addBreakdown, emptyBreakdown } from './input-breakdown.ts';
import { BudgetStop, type CallOutcome, type MeterDeps, meteredChat, type Prepaid } from './metered-chat.ts';
import { limitGuard, type TaskUse } from './task-limits.ts';

export interface SampleSpec {
  candidate: Candidate;
  case: CaseRow;
  repeat: number;
  /** The plain prompt's request, when the caller already rendered it. @default rendered here */
  request?: ChatRequest;
  /** The batch line's outcome for the plain prompt's call. @default none: the call is sent live */
  prepaid?: Prepaid;
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

/** A sample's calls so far: every attempt, and the counts its record reports. */
interface SampleCalls {
  label: string;
  attempts: AttemptRecord[];
  judgeAttempts: AttemptRecord[];
  calls: number;
  retries: number;
  cachedAll: boolean;
  /** The first per-task limit the task reached; the sample then fails with kind `limit`. */
  limitHit: string | null;
  /** A task's input tokens by source, estimated; null for a plain prompt. */
  breakdown: InputBreakdown | null;
}

/**
 * Runs one sample: renders the prompt (or runs the task), makes the metered calls, scores the
 * output and returns the record with every attempt charged to it. Throws NotRun when the budget
 * stopped it before its first request.
 */
export async function runSample(spec: SampleSpec, deps: SampleDeps): Promise<SampleRecord> {
  const sc: SampleCalls = {
    label: `sample ${spec.candidate.id} case "${spec.case.id}" repeat ${spec.repeat}`,
    attempts: [],
    judgeAttempts: [],
    calls: 0,
    retries: 0,
    cachedAll: true,
    limitHit: null,
    breakdown: null,
  };
  const started = deps.now();
  const { output, error: produced } = await produceOutput(spec, deps, sc);
  // an interrupt that cut the calls short leaves the sample unfinished: it is not a record
  if (produced !== null && deps.signal.aborted) throw interrupted(deps.signal);
  const scores: ScoreResult[] = [];
  let error = produced;
  if (error === null && output !== null) error = await scoreOutput(spec, deps, sc, output, scores);
  if (error !== null && deps.signal.aborted) throw interrupted(deps.signal);
  const passed =
    error === null && (deps.pass === 'all' ? scores.every((s) => s.pass) : scores.some((s) => s.pass));
  return buildRecord(spec, {
    // a limit hit is the candidate's failure (a runaway loop), not an error
    status: error ? (error.kind === 'limit' ? 'failed' : 'error') : passed ? 'passed' : 'failed',
    output,
    scores,
    error,
    attempts: sc.attempts,
    judgeAttempts: sc.judgeAttempts,
    calls: sc.calls,
    retries: sc.retries,
    cached: sc.cachedAll && sc.calls > 0,
    // a batch sample's latency is the batch's turnaround, not the instant it took to read the result
    latencyMs: spec.prepaid?.ok ? spec.prepaid.latencyMs : deps.now() - started,
    breakdown: sc.breakdown,
  });
}

/** One metered call of the candidate's model, counted in the sample's calls, retries and attempts. */
async function candidateChat(
  spec: SampleSpec,
  deps: SampleDeps,
  sc: SampleCalls,
  request: ChatRequest,
  prepaid?: Prepaid,
): Promise<CallOutcome> {
  const before = sc.attempts.length;
  try {
    const out = await meteredChat(
      {
        provider: deps.provider,
        model: spec.candidate.model,
        request,
        repeat: spec.repeat,
        callIndex: sc.calls++,
        ledger: 'candidate',
        label: sc.label,
        prepaid,
      },
      deps,
      sc.attempts,
    );
    if (!(out.ok && out.cached)) sc.cachedAll = false;
    return out;
  } finally {
    const sent = sc.attempts.slice(before).filter((a) => !a.cached).length;
    sc.retries += Math.max(0, sent - 1);
  }
}

/** The sample's output: the task's answer, or the rendered prompt's completion; or why there is none. */
async function produceOutput(
  spec: SampleSpec,
  deps: SampleDeps,
  sc: SampleCalls,
): Promise<{ output: string | null; error: SampleError | null }> {
  try {
    if (deps.task) {
      const output = await runTask(spec, deps, sc, deps.task);
      // a task that caught its limit error and answered anyway is still stopped by the limit
      return { output, error: sc.limitHit === null ? null : limitError(sc.limitHit) };
    }
    const { candidate, case: cs } = spec;
    const request =
      spec.request ?? chatRequest(candidate.model, renderPrompt(candidate.prompt, cs.fields, cs.id));
    const out = await plainCall(spec, deps, sc, request);
    if (sc.limitHit !== null) return { output: null, error: limitError(sc.limitHit) };
    return out.ok ? { output: out.text, error: null } : { output: null, error: out.error };
  } catch (err) {
    if (err instanceof BudgetStop) {
      if (sc.attempts.length === 0) throw new NotRun('budget');
      return {
        output: null,
        error: { kind: 'budget', message: 'the budget ran out during this sample', status: null },
      };
    }
    if (sc.limitHit !== null && !deps.signal.aborted) return { output: null, error: limitError(sc.limitHit) };
    if (err instanceof CallFailed) return { output: null, error: err.error };
    if (deps.signal.aborted) throw err;
    if (err instanceof Error && err.name === 'ReplayMiss') throw err;
    const message = `task failed: ${(err as Error)?.message ?? String(err)}`;
    return { output: null, error: { kind: 'task', message, status: null } };
  }
}

/** A plain prompt's one call; with `limits.timeoutMs` the call, retries included, is cut off at it. */
async function plainCall(
  spec: SampleSpec,
  deps: SampleDeps,
  sc: SampleCalls,
  request: ChatRequest,
): Promise<CallOutcome> {
  const limits = spec.candidate.model.limits;
  if (limits?.timeoutMs === undefined) return candidateChat(spec, deps, sc, request, spec.prepaid);
  const guard = limitGuard(limits, deps.signal);
  try {
    return await candidateChat(spec, { ...deps, signal: guard.signal }, sc, request, spec.prepaid);
  } finally {
    sc.limitHit = guard.hit;
    guard.dispose();
  }
}

/**
 * Runs the suite's task with a metered model, within its limits; a non-string answer is kept as
 * JSON. When `limits.timeoutMs` passes, the call in flight is aborted and its attempt recorded
 * before the task is given up on.
 */
async function runTask(spec: SampleSpec, deps: SampleDeps, sc: SampleCalls, task: TaskFn): Promise<string> {
  const { candidate } = spec;
  const guard = limitGuard(candidate.model.limits, deps.signal);
  const tokenizer = deps.tokenizer?.exact ? deps.tokenizer : exactTokenizer;
  const breakdown = emptyBreakdown();
  sc.breakdown = breakdown;
  let inFlight: Promise<unknown> = Promise.resolve();
  const chat = async (messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult> => {
    guard.check(taskUse(sc));
    const request = chatRequest(candidate.model, messages, opts);
    addBreakdown(breakdown, candidate.model.provider, request, tokenizer);
    const before = sc.attempts.length;
    const call = candidateChat(spec, { ...deps, signal: guard.signal }, sc, request);
    inFlight = call.catch(() => undefined);
    const out = await call;
    if (!out.ok) throw new CallFailed(out.error);
    const { tokens, cost } = sumAttempts(sc.attempts.slice(before));
    const stopReason = stopReasonOf(out.finishReason);
    const blocks = out.providerBlocks ? { providerBlocks: out.providerBlocks } : {};
    return { text: out.text, toolCalls: out.toolCalls, ...blocks, stopReason, tokens, costUsd: cost };
  };
  const running = task({
    input: spec.case.fields,
    prompt: candidate.prompt,
    signal: guard.signal,
    model: { id: candidate.model.id, chat },
  });
  running.catch(() => undefined);
  try {
    const output = await Promise.race([
      running,
      guard.timedOut.catch(async (err) => {
        await inFlight;
        throw err;
      }),
    ]);
    if (typeof output === 'string') return output;
    return output === undefined || output === null ? '' : JSON.stringify(output);
  } finally {
    sc.limitHit = guard.hit;
    guard.dispose();
  }
}

/** What a task has used so far, for its limits: calls, every attempt's tokens and list-price cost. */
function taskUse(sc: SampleCalls): TaskUse {
  const { tokens, cost } = sumAttempts(sc.attempts);
  return { calls: sc.calls, tokens: totalTokensOf(tokens), costUsd: cost };
}

function limitError(message: string): SampleError {
  return { kind: 'limit', message, status: null };
}

/** Scores the output with every scorer into `scores`; returns the error that stopped scoring, if any. */
async function scoreOutput(
  spec: SampleSpec,
  deps: SampleDeps,
  sc: SampleCalls,
  output: string,
  scores: ScoreResult[],
): Promise<SampleError | null> {
  try {
    const input = {
      output,
      fields: spec.case.fields,
      signal: deps.signal,
      judge: deps.makeJudge(sc.judgeAttempts, sc.label, deps.signal),
    };
    for (const s of deps.scorers) scores.push(await s.score(input));
    return null;
  } catch (err) {
    if (err instanceof BudgetStop)
      return { kind: 'budget', message: 'the budget ran out while judging this sample', status: null };
    if (err instanceof JudgeFailed) return err.error;
    if (err instanceof Error && err.name === 'VerdictError')
      return { kind: 'malformed', message: err.message, status: null };
    if (err instanceof Error && err.name === 'ReplayMiss') throw err;
    if (deps.signal.aborted) throw err;
    return {
      kind: 'scorer',
      message: `scorer failed: ${(err as Error)?.message ?? String(err)}`,
      status: null,
    };
  }
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
  breakdown: InputBreakdown | null;
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
    ...(o.breakdown && { inputBreakdown: o.breakdown }),
  };
}

function interrupted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('interrupted');
}
