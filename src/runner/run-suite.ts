import { summarize } from '../analysis/summarize.ts';
import type { ResolvedSuite } from '../config/resolved.ts';
import type { StoppedReason } from '../log/summary-file.ts';
import { abortableSleep } from '../retry/with-retry.ts';
import { type BatchBook, createMemoryBatchStore, openBatchBook } from './batch-store.ts';
import { canBatch, dispatchBatched } from './batch-transport.ts';
import { type EndpointGroup, roomIn } from './endpoint-groups.ts';
import { makePlan } from './plan.ts';
import { runFacts } from './run-facts.ts';
import { runOne } from './run-one.ts';
import { closeRun, dispatchingStopped, prepareRun, type RunState } from './run-state.ts';
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
    const lastRound = countdown(state.groups.length, () => deps.onLastRound?.());
    await Promise.all(state.groups.map((g) => dispatchGroup(state, g, book, lastRound)));
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

/**
 * Sends one endpoint's samples: through its batch API under `--batch`, else live in plan order
 * (calling `lastRound` once its last samples all have a slot).
 */
function dispatchGroup(
  state: RunState,
  g: EndpointGroup,
  book: BatchBook | null,
  lastRound: () => void,
): Promise<void> {
  if (book && canBatch(g.provider.name, Boolean(state.suite.config.task), state.opts.cacheMode))
    return dispatchBatched(state, g, book);
  return dispatchLive(state, g, lastRound);
}

/** Queues the group's samples in case-major order, so every candidate advances together. */
async function dispatchLive(state: RunState, g: EndpointGroup, lastRound: () => void): Promise<void> {
  const { plan, done, stoppers, failedModels } = state;
  outer: for (const cs of plan.cases) {
    for (const c of g.candidates) {
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        const index = plan.indexOf(cs.id, repeat)!;
        if (dispatchingStopped(state)) break outer;
        if (
          done.has(plan.keyOf(c.id, cs.id, repeat)) ||
          stoppers.get(c.id)?.skips(index) ||
          failedModels.has(c.model.id)
        )
          continue;
        await roomIn(g.queue);
        if (dispatchingStopped(state)) break outer;
        void g.queue.add(() => runOne(state, c, cs, repeat));
      }
    }
  }
  await g.queue.onEmpty();
  // every sample has started; those under way beyond the slots wait for one to free
  while (g.queue.pending > g.slots.size) await new Promise((resolve) => g.queue.once('next', resolve));
  lastRound();
  await g.queue.onIdle();
}

/** Calls `then` on the `n`th call, once. */
function countdown(n: number, then: () => void): () => void {
  let left = n;
  return () => {
    if (--left === 0) then();
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
    batch: Boolean(state.opts.batch),
  });
  const summary = summarize({ aggregator: state.agg, cascades: state.cascades }, facts);
  return { summary, replayMiss: state.replayMiss };
}

export const defaultRunDeps = {
  now: () => Date.now(),
  random: Math.random,
  sleep: abortableSleep,
};
