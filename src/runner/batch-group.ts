import type { Candidate } from '../config/resolved.ts';
import type { BatchApi } from '../providers/batch-api.ts';
import { classifyError } from '../providers/classify.ts';
import { createBatchApi } from '../providers/create-batch-api.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { withRetry } from '../retry/with-retry.ts';
import type { BatchBook, BatchEntry } from './batch-store.ts';
import { type EndpointGroup, roomIn } from './endpoint-groups.ts';
import type { RunState } from './run-state.ts';

/** One endpoint's batched run: its queue, its candidates, and each batched sample's request, rendered once. */
export interface BatchGroupRun {
  state: RunState;
  g: EndpointGroup;
  book: BatchBook;
  /** Which batch API the endpoint speaks (the sim speaks OpenAI's). */
  kind: BatchApi['api'];
  byCandidate: Map<string, Candidate>;
  /** The batch API per model id, made on first use. */
  apis: Map<string, BatchApi>;
  /** Every sample in a batch, by sampleKey: not batched again, whatever happens to it. */
  inBatch: Set<string>;
  /** The rendered request of every batched sample still to collect, by sampleKey. */
  requests: Map<string, ChatRequest>;
}

/** A submitted batch this process polls: its entry and the budget reservation held for it. */
export interface OpenBatch {
  entry: BatchEntry;
  ticket: number | null;
}

/** The batched run of one endpoint group. */
export function openBatchGroup(state: RunState, g: EndpointGroup, book: BatchBook): BatchGroupRun {
  return {
    state,
    g,
    book,
    kind: g.provider.name === 'anthropic' ? 'anthropic' : 'openai',
    byCandidate: new Map(g.candidates.map((c) => [c.id, c])),
    apis: new Map(),
    inBatch: new Set(),
    requests: new Map(),
  };
}

/** A line of batch progress for people. */
export function progress(state: RunState, line: string): void {
  state.deps.onBatchProgress?.(line);
}

/** The batch API of a model of the group (its key and base URL are the live provider's). */
export function apiFor(run: BatchGroupRun, modelId: string): BatchApi {
  let a = run.apis.get(modelId);
  if (!a) {
    const c = run.g.candidates.find((x) => x.model.id === modelId)!;
    const { state } = run;
    a = createBatchApi(c.model, {
      env: state.deps.env,
      simBaseURL: state.sim?.openaiBaseURL,
      fetch: state.deps.fetch,
      redact: state.redactor.redact,
    });
    run.apis.set(modelId, a);
  }
  return a;
}

/** Queues a job on the group's endpoint queue once it has room. */
export async function schedule(run: BatchGroupRun, job: () => Promise<void>): Promise<void> {
  await roomIn(run.g.queue);
  void run.g.queue.add(job);
}

/** The candidate stopped early or its model failed. */
export function isStopped(state: RunState, c: Candidate): boolean {
  return state.stopped.has(c.id) || state.failedModels.has(c.model.id);
}

/**
 * A batch API call with the run's retry policy (`call` gets the attempt number); a failure that
 * outlasts the retries is a classified error in the outcome, never a throw.
 */
export function retryBatchCall<T>(state: RunState, call: (attempt: number) => Promise<T>) {
  return withRetry(call, state.sampleDeps.retry, state.sampleDeps.retryDeps, state.signal).catch(
    (err: unknown) => ({
      ok: false as const,
      error: classifyError(err, null, state.redactor.redact),
      attempts: 0,
    }),
  );
}
