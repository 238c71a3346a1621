import { setMaxListeners } from 'node:events';
import { savedByCache } from '../cache/response-cache.ts';
import type { Candidate } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { SampleRecord } from '../log/records-file.ts';
import { stopsTheModel } from '../providers/classify.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { REPEATING_SAMPLES, repeatingFailure } from '../providers/repeating-error.ts';
import type { Prepaid } from './metered-chat.ts';
import { onOwnSignal } from './own-signal.ts';
import { NotRun, runSample } from './run-sample.ts';
import {
  dispatchingStopped,
  earlyStop,
  failModel,
  passedOrNull,
  type RunState,
  releaseAll,
} from './run-state.ts';

/** How one sample's answer arrives: live (the default), from the cache, or from a batch line. */
export interface SampleRoute {
  /** Run even after a budget stop or an early stop: the answer is already paid for, or free. @default false */
  force?: boolean;
  /** The request, already rendered. @default rendered by runSample */
  request?: ChatRequest;
  /** The batch line's answer or failure. @default none */
  prepaid?: Prepaid;
}

/** Runs one sample and records it; a budget stop, a replay miss or an interrupt ends it without a record. */
export async function runOne(
  state: RunState,
  c: Candidate,
  cs: CaseRow,
  repeat: number,
  route: SampleRoute = {},
): Promise<void> {
  const index = state.plan.indexOf(cs.id, repeat) ?? repeat;
  if (!(await mayRun(state, c, index, route))) return;
  try {
    // the openai SDK never removes the abort listener it adds per request: each sample gets its own signal
    const r = await onOwnSignal(
      state.signal,
      (own) =>
        runSample(
          { candidate: c, case: cs, repeat, request: route.request, prepaid: route.prepaid },
          {
            ...state.sampleDeps,
            signal: own,
            // the candidate's own provider: two keys may share one endpoint (and its queue and slots)
            provider: state.providers.get(c.model.id)!,
            slots: state.slots.get(c.model.id),
          },
        ),
      repeatingStop(state, c.model.id).signal,
    );
    finishSample(state, c, index, r);
  } catch (err) {
    // a model stopped for an error that would repeat: its samples in flight are dropped, not recorded
    if (repeatingStop(state, c.model.id).signal.aborted && !state.signal.aborted) return;
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

/** Whether a sample may still be sent: its early stopper has decided, and nothing stopped the run. */
async function mayRun(state: RunState, c: Candidate, index: number, route: SampleRoute): Promise<boolean> {
  // a batch answer (already paid) or a free one: only an interrupt stops it
  if (route.force) return !state.signal.aborted;
  const stopper = state.stoppers.get(c.id);
  if (stopper) await stopper.ready(index, state.signal);
  return !(dispatchingStopped(state) || stopper?.skips(index) || state.failedModels.has(c.model.id));
}

/** Records a finished sample and feeds the tallies, the model's health and the early stopper. */
function finishSample(state: RunState, c: Candidate, index: number, r: SampleRecord): void {
  state.deps.onRecord(r);
  state.agg.add(r);
  state.cascades?.add(r);
  state.savedByCacheUsd += savedByCache(r);
  if (r.error && stopsTheModel(r.error)) failModel(state, c.model.id, r.error);
  watchForRepeats(state, c.model.id, r);
  earlyStop(state, c.id, index, passedOrNull(r));
  if (state.ledger.exhausted()) releaseAll(state);
}

/**
 * Feeds a model's first finished samples to repeatingFailure: when they all ended with the same
 * error that would repeat, the model stops (as for a 401) and its samples in flight are aborted.
 */
function watchForRepeats(state: RunState, modelId: string, r: SampleRecord): void {
  const first = state.firstFinished.get(modelId) ?? [];
  if (first.length >= REPEATING_SAMPLES || state.failedModels.has(modelId)) return;
  const seen = [...first, r.error];
  state.firstFinished.set(modelId, seen);
  const repeating = repeatingFailure(seen);
  if (!repeating) return;
  failModel(state, modelId, repeating);
  repeatingStop(state, modelId).abort(new Error(repeating.message));
}

/** The abort controller of a model's deterministic stop. */
function repeatingStop(state: RunState, modelId: string): AbortController {
  let stop = state.repeatingStops.get(modelId);
  if (!stop) {
    stop = new AbortController();
    // each of the model's samples in flight listens on it: more than ten at a higher concurrency
    setMaxListeners(0, stop.signal);
    state.repeatingStops.set(modelId, stop);
  }
  return stop;
}
