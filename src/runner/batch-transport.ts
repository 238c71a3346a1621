import type { ResponseCache } from '../cache/response-cache.ts';
import { requestCacheKey } from '../cache/response-cache.ts';
import type { Candidate } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { worstCaseCost } from '../pricing/compute-cost.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import type { BatchApi, BatchLine } from '../providers/batch-api.ts';
import { SIM_ENDPOINT } from '../providers/create-provider.ts';
import type { ChatRequest } from '../providers/provider.ts';
import { collectBatch } from './batch-collect.ts';
import {
  apiFor,
  type BatchGroupRun,
  isStopped,
  type OpenBatch,
  openBatchGroup,
  progress,
  retryBatchCall,
  schedule,
} from './batch-group.ts';
import { type BatchBook, type BatchEntry, customIdOf } from './batch-store.ts';
import { requestOf } from './chat-request.ts';
import type { EndpointGroup } from './endpoint-groups.ts';
import type { CacheMode } from './metered-chat.ts';
import { onOwnSignal } from './own-signal.ts';
import { runOne } from './run-one.ts';
import { failModel, type RunState } from './run-state.ts';

/** Whether a group's samples can go through a batch API: plain prompts on OpenAI, Anthropic or the sim. */
export function canBatch(providerName: string, hasTask: boolean, cacheMode: CacheMode): boolean {
  return (
    !hasTask &&
    cacheMode !== 'replay' &&
    (providerName === 'openai' || providerName === 'anthropic' || providerName === 'sim')
  );
}

interface Spec {
  c: Candidate;
  cs: CaseRow;
  repeat: number;
}

interface Sample extends Spec {
  request: ChatRequest;
}

interface Fresh extends Sample {
  worst: number;
}

/**
 * Sends one provider endpoint's samples through its batch API. The batch is only a transport: every
 * sample still runs through `runOne` (records, budget, stops), live or with its batch line's answer.
 * 1. batches a restarted run already submitted (batches.json) are polled again, never resubmitted;
 * 2. samples the cache answers run on the normal path (no request); the rest are batched;
 * 3. the budget reserves every line's worst case at the batch price before a batch is submitted,
 *    and only the largest prefix (in the run's seeded, case-major order) that fits is submitted;
 * 4. each batch is polled with progress lines, then its samples run with their lines' outcomes:
 *    answered lines at the batch price with attempts = 1, failed lines retried as live requests.
 */
export async function dispatchBatched(state: RunState, g: EndpointGroup, book: BatchBook): Promise<void> {
  const run = openBatchGroup(state, g, book);
  const open = await reopenBatches(run);
  const { cached, live, fresh } = await sortSamples(run);
  const affordable = affordablePrefix(state, fresh);
  let budgetStopped = affordable < fresh.length;
  if (budgetStopped) {
    progress(
      state,
      `budget: ${fresh.length - affordable} of ${fresh.length} sample(s) not submitted; a batch reserves every line's worst case before it is sent`,
    );
  }
  const submitted = await submitChunks(run, fresh.slice(0, affordable));
  open.push(...submitted.open);
  budgetStopped ||= submitted.budgetStopped;
  await Promise.all([
    runFree(run, cached, live),
    ...open.map((o) => collectBatch(run, apiFor(run, o.entry.modelId), o)),
  ]);
  await g.queue.onIdle();
  // some samples were not submitted for lack of budget: the run stops for the budget once the group is done
  if (budgetStopped) state.stoppedReason = 'budget';
}

/** What the budget reserves for one batch line: its worst case at the batch price. */
function batchWorstCase(state: RunState, c: Candidate, req: ChatRequest): number {
  const prompt = countPromptTokens(c.model.provider, req.messages, state.tokenizer);
  return worstCaseCost(c.model.price, prompt, req.params.maxTokens, true) ?? 0;
}

/** 1. The batches submitted before a restart, with a reservation for the samples still to collect. */
async function reopenBatches(run: BatchGroupRun): Promise<OpenBatch[]> {
  const { state, book } = run;
  const open: OpenBatch[] = [];
  const mine = (e: BatchEntry) =>
    e.api === run.kind && run.g.candidates.some((c) => c.model.id === e.modelId);
  for (const entry of book.entries.filter(mine)) {
    if (!(await hasProviderId(run, entry))) continue;
    let worst = 0;
    let remaining = 0;
    for (const s of entry.samples) {
      const key = state.plan.keyOf(s.candidate, s.caseId, s.repeat);
      const c = run.byCandidate.get(s.candidate);
      const cs = state.plan.caseById(s.caseId);
      run.inBatch.add(key);
      if (!c || !cs || state.done.has(key)) continue;
      const request = requestOf(c, cs);
      run.requests.set(key, request);
      remaining++;
      worst += batchWorstCase(state, c, request);
    }
    if (remaining === 0) continue;
    // already committed with the provider: the reservation is taken whatever the cap says now
    open.push({ entry, ticket: state.ledger.reserve(worst) });
    progress(state, `batch ${entry.id} (${entry.modelId}): resuming, ${remaining} sample(s) to collect`);
  }
  return open;
}

/** Whether an entry can be collected: its provider id is known or found; a dead one leaves the book. */
async function hasProviderId(run: BatchGroupRun, entry: BatchEntry): Promise<boolean> {
  if (entry.endpoint === SIM_ENDPOINT) {
    // the built-in sim lives and dies with the run: its batches went with the process that made them
    await run.book.remove(entry);
    return false;
  }
  if (entry.id !== null) return true;
  // killed between create and saving the id: find it by its metadata, or submit its samples again
  const found = await onOwnSignal(run.state.signal, (sig) =>
    apiFor(run, entry.modelId).find(entry.key, sig),
  ).catch(() => null);
  if (!found) {
    await run.book.remove(entry);
    return false;
  }
  entry.id = found;
  await run.book.persist();
  return true;
}

/** 2. The samples still to run, in the run's order: answered by the cache, sent live, or batched. */
async function sortSamples(run: BatchGroupRun): Promise<{ cached: Sample[]; live: Spec[]; fresh: Fresh[] }> {
  const { state } = run;
  const out = { cached: [] as Sample[], live: [] as Spec[], fresh: [] as Fresh[] };
  const cache = state.cache !== null && state.opts.cacheMode === 'read-write' ? state.cache : null;
  for (const cs of state.plan.cases) {
    for (const c of run.g.candidates) {
      for (let repeat = 0; repeat < state.plan.repeats; repeat++) {
        const key = state.plan.keyOf(c.id, cs.id, repeat);
        if (isStopped(state, c) || state.done.has(key) || run.inBatch.has(key)) continue;
        let request: ChatRequest;
        try {
          request = requestOf(c, cs);
        } catch {
          // the normal path reports a prompt that cannot render
          out.live.push({ c, cs, repeat });
          continue;
        }
        const s = { c, cs, repeat, request };
        if (await inCache(state, cache, s)) out.cached.push(s);
        else out.fresh.push({ ...s, worst: batchWorstCase(state, c, request) });
      }
    }
  }
  return out;
}

async function inCache(state: RunState, cache: ResponseCache | null, s: Sample): Promise<boolean> {
  if (!cache) return false;
  return Boolean(await cache.get(requestCacheKey(state.providers.get(s.c.model.id)!, s.request, s.repeat)));
}

/** 3. How many of the fresh samples, in order, the budget's room covers at their worst case. */
function affordablePrefix(state: RunState, fresh: Fresh[]): number {
  const { ledger } = state;
  if (ledger.capUsd === null) return fresh.length;
  let room = ledger.capUsd - ledger.spent().total - ledger.held() - ledger.reserved();
  let affordable = 0;
  for (const f of fresh) {
    if (f.worst > room + 1e-12) break;
    room -= f.worst;
    affordable++;
  }
  return affordable;
}

/** 3. One batch per model and `batchSize` lines, each reserved before it is submitted. */
async function submitChunks(
  run: BatchGroupRun,
  fresh: Fresh[],
): Promise<{ open: OpenBatch[]; budgetStopped: boolean }> {
  const { state } = run;
  const size = state.opts.batchSize ?? 10_000;
  const chunks: Fresh[][] = [];
  const modelIds = [...new Set(run.g.candidates.map((c) => c.model.id))];
  for (const modelId of modelIds) {
    const mine = fresh.filter((f) => f.c.model.id === modelId);
    for (let i = 0; i < mine.length; i += size) chunks.push(mine.slice(i, i + size));
  }
  const open: OpenBatch[] = [];
  let budgetStopped = false;
  for (const chunk of chunks) {
    if (state.signal.aborted) break;
    const ticket = state.ledger.reserve(chunk.reduce((s, f) => s + f.worst, 0));
    if (ticket === null) {
      // another endpoint's samples took the room in the meantime
      budgetStopped = true;
      continue;
    }
    for (const f of chunk) run.requests.set(state.plan.keyOf(f.c.id, f.cs.id, f.repeat), f.request);
    const submitted = await submit(run, chunk, ticket);
    if (submitted) open.push(submitted);
  }
  return { open, budgetStopped };
}

/** Saves the batch before it is created (so a restart can find it), creates it, then saves its id. */
async function submit(run: BatchGroupRun, chunk: Fresh[], ticket: number): Promise<OpenBatch | null> {
  const { state, book } = run;
  const modelId = chunk[0]!.c.model.id;
  const provider = state.providers.get(modelId)!;
  const entry: BatchEntry = {
    key: book.nextKey(state.opts.runId),
    api: run.kind,
    endpoint: provider.endpoint,
    modelId,
    id: null,
    inputFileId: null,
    submittedAt: new Date(state.deps.now()).toISOString(),
    samples: chunk.map((f) => ({ candidate: f.c.id, caseId: f.cs.id, repeat: f.repeat })),
  };
  await book.add(entry);
  const lines: BatchLine[] = chunk.map((f, i) => ({
    customId: customIdOf(i),
    body: provider.requestBody(f.request),
  }));
  const outcome = await createBatch(run, apiFor(run, modelId), entry, lines);
  if (!outcome.ok) {
    state.ledger.settle(ticket, 0, 'candidate');
    if (state.signal.aborted) return null; // left in batches.json: a restart looks it up
    await book.remove(entry);
    failModel(state, modelId, {
      kind: outcome.error.kind,
      message: `could not submit a batch of ${chunk.length} request(s): ${outcome.error.message}`,
      status: outcome.error.status,
    });
    return null;
  }
  entry.id = outcome.value.id;
  entry.inputFileId = outcome.value.inputFileId;
  await book.persist();
  progress(state, `batch ${entry.id} (${modelId}): submitted ${chunk.length} request(s)`);
  return { entry, ticket };
}

/** Creates the batch with the run's retry policy; a retried create first looks for an earlier one that landed. */
function createBatch(run: BatchGroupRun, api: BatchApi, entry: BatchEntry, lines: BatchLine[]) {
  const { state } = run;
  const metadata = { tollgate_run: state.opts.runId, tollgate_batch: entry.key };
  return retryBatchCall(state, async (i) => {
    const earlier =
      i > 0 ? await onOwnSignal(state.signal, (sig) => api.find(entry.key, sig)).catch(() => null) : null;
    return earlier
      ? { id: earlier, inputFileId: null }
      : onOwnSignal(state.signal, (sig) => api.submit(lines, metadata, sig));
  });
}

/** 4. Samples the cache answers (already paid, so forced), then the ones that cannot be batched. */
async function runFree(run: BatchGroupRun, cached: Sample[], live: Spec[]): Promise<void> {
  const { state } = run;
  for (const s of cached)
    await schedule(run, () => runOne(state, s.c, s.cs, s.repeat, { force: true, request: s.request }));
  for (const s of live) await schedule(run, () => runOne(state, s.c, s.cs, s.repeat));
}
