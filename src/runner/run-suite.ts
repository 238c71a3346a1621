import { summarize } from '../analysis/summarize.ts';
import { openBatchBook } from '../batch/batch-book.ts';
import { createMemoryBatchStore } from '../batch/batch-store.ts';
import { createBatchApi } from '../batch/create-batch-api.ts';
import { type BatchHost, canBatch, runBatchGroup, type SampleOverride } from '../batch/run-batch.ts';
import { savedByCache } from '../cache/response-cache.ts';
import type { Candidate, ResolvedSuite } from '../config/resolved.ts';
import { stopsTheModel } from '../providers/classify.ts';
import { abortableSleep } from '../retry/with-retry.ts';
import type { CaseRow, SampleRecord, StoppedReason } from '../types.ts';
import { type EndpointGroup, roomIn } from './endpoint-groups.ts';
import { onOwnSignal } from './own-signal.ts';
import { makePlan, sampleKey } from './plan.ts';
import { runFacts } from './run-facts.ts';
import { NotRun, runSample } from './run-sample.ts';
import {
  closeRun,
  dispatchingStopped,
  earlyStop,
  failModel,
  prepareRun,
  type RunState,
  releaseAll,
} from './run-state.ts';
import type { LiveRun, RunDeps, RunOptions, RunResult } from './run-types.ts';

export type { LiveRun, RunDeps, RunOptions, RunResult } from './run-types.ts';

/**
 * Runs a suite: plans candidates × cases × repeats, schedules samples on one queue per provider
 * endpoint, enforces the budget, stops hopeless candidates early, and summarises what ran.
 */
export async function runSuite(suite: ResolvedSuite, opts: RunOptions, deps: RunDeps): Promise<RunResult> {
  const plan = opts.plan ?? makePlan(suite, opts);
  const state = await prepareRun(suite, plan, opts, deps);
  try {
    deps.onStart?.(liveView(state));
    const book = opts.batch ? await openBatchBook(deps.batchStore ?? createMemoryBatchStore()) : null;
    await Promise.all(state.groups.map((g) => dispatchGroup(state, g, book)));
    return finish(state);
  } finally {
    await closeRun(state);
  }
}

/** The live view progress displays poll. */
function liveView(state: RunState): LiveRun {
  return {
    candidates: state.plan.candidates.map((c) => ({ id: c.id, planned: state.plan.perCandidate })),
    peek: (id) => {
      const p = state.agg.peek(id);
      return p && { ...p, earlyStopped: state.stopped.has(id) };
    },
    spent: () => state.ledger.spent().total,
    budgetUsd: state.budgetUsd,
    batch: Boolean(state.opts.batch),
  };
}

/** Sends one endpoint's samples: through its batch API under `--batch`, else live in plan order. */
async function dispatchGroup(
  state: RunState,
  g: EndpointGroup,
  book: Awaited<ReturnType<typeof openBatchBook>> | null,
): Promise<void> {
  if (book && canBatch(g.provider.name, Boolean(state.suite.config.task), state.opts.cacheMode)) {
    const batched = await runBatchGroup(
      {
        kind: g.provider.name === 'anthropic' ? 'anthropic' : 'openai',
        providerFor: (c) => state.providers.get(c.model.id)!,
        apiFor: (m) =>
          createBatchApi(m, {
            env: state.deps.env,
            simBaseURL: state.sim?.openaiBaseURL,
            fetch: state.deps.fetch,
            redact: state.redactor.redact,
          }),
        candidates: g.candidates,
        cases: state.plan.cases,
        repeats: state.plan.repeats,
        queue: g.queue,
      },
      batchHostOf(state, book),
    );
    if (batched.budgetStopped) state.stoppedReason = 'budget';
    return;
  }
  await dispatchLive(state, g);
}

/** Queues the group's samples in case-major order, so every candidate advances together. */
async function dispatchLive(state: RunState, g: EndpointGroup): Promise<void> {
  const { plan, done, stoppers, failedModels } = state;
  outer: for (const cs of plan.cases) {
    for (const c of g.candidates) {
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        const index = plan.indexOf(cs.id, repeat)!;
        if (dispatchingStopped(state)) break outer;
        if (
          done.has(sampleKey(c.id, cs.id, repeat)) ||
          stoppers.get(c.id)?.skips(index) ||
          failedModels.has(c.model.id)
        )
          continue;
        await roomIn(g.queue);
        if (dispatchingStopped(state)) break outer;
        void g.queue.add(() => runOne(state, c, cs, repeat, over0));
      }
    }
  }
  await g.queue.onIdle();
}

const over0: SampleOverride = {};

/** Whether a sample may still be sent: its early stopper has decided, and nothing stopped the run. */
async function mayRun(state: RunState, c: Candidate, index: number, over: SampleOverride): Promise<boolean> {
  // a batch answer (already paid) or a free one: only an interrupt stops it
  if (over.force) return !state.signal.aborted;
  const stopper = state.stoppers.get(c.id);
  if (stopper) await stopper.ready(index, state.signal);
  return !(dispatchingStopped(state) || stopper?.skips(index) || state.failedModels.has(c.model.id));
}

/** Runs one sample and records it; a budget stop, a replay miss or an interrupt ends it without a record. */
async function runOne(
  state: RunState,
  c: Candidate,
  cs: CaseRow,
  repeat: number,
  over: SampleOverride,
): Promise<void> {
  const index = state.plan.indexOf(cs.id, repeat) ?? repeat;
  if (!(await mayRun(state, c, index, over))) return;
  try {
    // the openai SDK never removes the abort listener it adds per request: each sample gets its own signal
    const r0 = await onOwnSignal(state.signal, (own) =>
      runSample(
        { candidate: c, case: cs, repeat },
        {
          ...state.sampleDeps,
          signal: own,
          // the candidate's own provider: two keys may share one endpoint (and its queue)
          provider: state.providers.get(c.model.id)!,
          ...over.deps,
        },
      ),
    );
    finishSample(state, c, index, over.adjust ? over.adjust(r0) : r0);
  } catch (err) {
    if (err instanceof NotRun) {
      state.stoppedReason = 'budget';
      releaseAll(state);
      return;
    }
    if (err instanceof Error && err.name === 'ReplayMiss') {
      state.replayMiss ??= err;
      state.internal.abort(err);
      return;
    }
    if (state.signal.aborted) return;
    throw err;
  }
}

/** Records a finished sample and feeds the tallies, the model's health and the early stopper. */
function finishSample(state: RunState, c: Candidate, index: number, r: SampleRecord): void {
  state.deps.onRecord(r);
  state.agg.add(r);
  state.cascades?.add(r);
  state.savedByCacheUsd += savedByCache(r);
  if (r.error && stopsTheModel(r.error)) failModel(state, c.model.id, r.error);
  earlyStop(state, c.id, index, r.status === 'passed');
  if (state.ledger.exhausted()) releaseAll(state);
}

/** What the batch path needs from the run. */
function batchHostOf(state: RunState, book: Awaited<ReturnType<typeof openBatchBook>>): BatchHost {
  const { opts, deps, sampleDeps } = state;
  return {
    runId: opts.runId,
    book,
    ledger: state.ledger,
    cache: state.cache,
    cacheMode: opts.cacheMode,
    signal: state.signal,
    now: deps.now,
    sleep: deps.sleep,
    retry: sampleDeps.retry,
    retryDeps: sampleDeps.retryDeps,
    pollMs: opts.batchPollMs ?? 1000,
    maxPollMs: 30_000,
    batchSize: opts.batchSize ?? 10_000,
    isDone: (candidate, caseId, repeat) => state.done.has(sampleKey(candidate, caseId, repeat)),
    isStopped: (c) => state.stopped.has(c.id) || state.failedModels.has(c.model.id),
    run: (c, cs, repeat, over) => runOne(state, c, cs, repeat, over ?? over0),
    failModel: (modelId, error) => failModel(state, modelId, error),
    progress: (line) => deps.onBatchProgress?.(line),
    redact: state.redactor.redact,
    tokenizer: state.tokenizer,
  };
}

/** Why the run ended early, if it did: an interrupt, a replay miss, the budget, or a failed model. */
function stopReason(state: RunState): StoppedReason {
  if (state.deps.signal.aborted) return 'interrupted';
  if (state.replayMiss) return 'replay_miss';
  if (state.stoppedReason === 'budget' || state.ledger.exhausted()) return 'budget';
  if (state.failedModels.size > 0) return 'candidate_failed';
  return state.stoppedReason;
}

/** The run's summary and its replay miss. */
function finish(state: RunState): RunResult {
  const facts = runFacts({
    suite: state.suite,
    runId: state.opts.runId,
    shard: state.opts.shard ?? null,
    models: [...state.plan.candidates.map((c) => c.model), ...state.judges.values()],
    budgetUsd: state.budgetUsd,
    spentUsd: state.ledger.spent(),
    savedByCacheUsd: state.savedByCacheUsd,
    stoppedReason: stopReason(state),
    startedAt: state.startedAt,
    finishedAt: state.deps.now(),
  });
  const summary = summarize({ aggregator: state.agg, cascades: state.cascades }, facts);
  return { summary, replayMiss: state.replayMiss };
}

export const defaultRunDeps = {
  now: () => Date.now(),
  random: Math.random,
  sleep: abortableSleep,
};
