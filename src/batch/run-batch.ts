import type PQueue from 'p-queue';
import type { Ledger } from '../budget/ledger.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { Candidate, ResolvedModel } from '../config/resolved.ts';
import { computeCost } from '../pricing/compute-cost.ts';
import { classifyError } from '../providers/classify.ts';
import type { ChatResponse, Provider, ProviderError } from '../providers/provider.ts';
import { type RetryDeps, type RetryPolicy, withRetry } from '../retry/with-retry.ts';
import type { CacheMode } from '../runner/metered-chat.ts';
import { sampleKey } from '../runner/plan.ts';
import type { SampleDeps } from '../runner/run-sample.ts';
import type { CaseRow, SampleError, SampleRecord } from '../types.ts';
import { type BatchApi, type BatchLine, type BatchStatus, type LineResult, lineError } from './batch-api.ts';
import type { BatchBook } from './batch-book.ts';
import { answeredBy, batchWorstCase, failedFirst, prepaidLedger, requestOf, sampleCacheKey } from './batch-sample.ts';
import { type BatchEntry, customIdOf } from './batch-store.ts';

/** How the runner should treat one sample it is handed by the batch path. */
export interface SampleOverride {
  /** Replaces parts of the sample's deps (provider, ledger, cache, batch pricing). */
  deps?: Partial<SampleDeps>;
  /** Run even after a budget stop or an early stop: the request is already paid for, or free. */
  force?: boolean;
  /** Adjusts the finished record before it is written. */
  adjust?(r: SampleRecord): SampleRecord;
}

/** What the batch path needs from the run. */
export interface BatchHost {
  runId: string;
  book: BatchBook;
  ledger: Ledger;
  cache: ResponseCache | null;
  cacheMode: CacheMode;
  signal: AbortSignal;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  /** First poll interval; it grows by half each poll up to `maxPollMs`. */
  pollMs: number;
  maxPollMs: number;
  /** Most lines in one provider batch. */
  batchSize: number;
  /** The sample is already in records.jsonl (a resumed run). */
  isDone(candidate: string, caseId: string, repeat: number): boolean;
  /** The candidate stopped early or its model failed (auth). */
  isStopped(c: Candidate): boolean;
  /** Runs one sample through the normal path (with overrides) and records it. */
  run(c: Candidate, cs: CaseRow, repeat: number, over?: SampleOverride): Promise<void>;
  /** The model cannot run (auth failure, or its batch could not be submitted or collected). */
  failModel(modelId: string, error: SampleError): void;
  /** A progress line for people. */
  progress(line: string): void;
}

export interface BatchGroup {
  /** Which batch API the group's endpoint speaks (the sim speaks OpenAI's). */
  kind: BatchApi['api'];
  /** The candidate's live provider: request bodies, cache keys, and retries of failed lines. */
  providerFor(c: Candidate): Provider;
  apiFor(model: ResolvedModel): BatchApi;
  candidates: Candidate[];
  cases: CaseRow[];
  repeats: number;
  queue: PQueue;
}

interface Spec {
  c: Candidate;
  cs: CaseRow;
  repeat: number;
}

interface Fresh extends Spec {
  line: BatchLine['body'];
  worst: number;
}

/** A submitted batch this process polls: its entry and the budget reservation held for it. */
interface Open {
  entry: BatchEntry;
  ticket: number | null;
}

/**
 * Runs one provider endpoint's samples through its batch API:
 * 1. batches a restarted run already submitted (batches.json) are polled again, never resubmitted;
 * 2. samples the cache answers run on the normal path (no request); the rest are batched;
 * 3. the budget reserves every line's worst case at the batch price before a batch is submitted,
 *    and only the largest prefix (in the run's seeded, case-major order) that fits is submitted;
 * 4. each batch is polled with progress lines, then its results are scored like any sample:
 *    answered lines at the batch price with attempts = 1, failed lines retried as normal requests.
 *
 * @returns budgetStopped when some samples were not submitted for lack of budget
 */
export async function runBatchGroup(g: BatchGroup, host: BatchHost): Promise<{ budgetStopped: boolean }> {
  const byCandidate = new Map(g.candidates.map((c) => [c.id, c]));
  const models = new Map(g.candidates.map((c) => [c.model.id, c.model]));
  const apis = new Map<string, BatchApi>();
  const api = (modelId: string): BatchApi => {
    let a = apis.get(modelId);
    if (!a) apis.set(modelId, (a = g.apiFor(models.get(modelId)!)));
    return a;
  };
  const limit = Math.max(2, g.queue.concurrency * 2);
  const schedule = async (fn: () => Promise<void>) => {
    if (g.queue.size >= limit) await g.queue.onSizeLessThan(g.queue.concurrency);
    void g.queue.add(fn);
  };
  const caseById = new Map(g.cases.map((cs) => [cs.id, cs]));

  // 1. batches submitted before a restart
  const open: Open[] = [];
  const inBatch = new Set<string>();
  for (const entry of host.book.entries.filter((e) => e.api === g.kind && models.has(e.modelId))) {
    if (entry.id === null) {
      // killed between create and saving the id: find it by its metadata, or submit its samples again
      const found = await api(entry.modelId).find(entry.key, host.signal).catch(() => null);
      if (!found) {
        await host.book.remove(entry);
        continue;
      }
      entry.id = found;
      await host.book.persist();
    }
    let worst = 0;
    let remaining = 0;
    for (const s of entry.samples) {
      inBatch.add(sampleKey(s.candidate, s.caseId, s.repeat));
      const c = byCandidate.get(s.candidate);
      const cs = caseById.get(s.caseId);
      if (!c || !cs || host.isDone(s.candidate, s.caseId, s.repeat)) continue;
      remaining++;
      worst += batchWorstCase(c, requestOf(c, cs));
    }
    if (remaining === 0) continue;
    // already committed with the provider: the reservation is taken whatever the cap says now
    open.push({ entry, ticket: host.ledger.reserve(worst) });
    host.progress(`batch ${entry.id} (${entry.modelId}): resuming, ${remaining} sample(s) to collect`);
  }

  // 2. the samples still to run, in the run's order
  const cached: Spec[] = [];
  const live: Spec[] = [];
  const fresh: Fresh[] = [];
  const readCache = host.cache !== null && host.cacheMode === 'read-write';
  for (const cs of g.cases) {
    for (const c of g.candidates) {
      for (let repeat = 0; repeat < g.repeats; repeat++) {
        if (host.isStopped(c) || host.isDone(c.id, cs.id, repeat) || inBatch.has(sampleKey(c.id, cs.id, repeat))) continue;
        let req: ReturnType<typeof requestOf>;
        try {
          req = requestOf(c, cs);
        } catch {
          // the normal path reports a prompt that cannot render
          live.push({ c, cs, repeat });
          continue;
        }
        const provider = g.providerFor(c);
        if (readCache && (await host.cache!.get(sampleCacheKey(provider, req, repeat)))) cached.push({ c, cs, repeat });
        else fresh.push({ c, cs, repeat, line: provider.requestBody(req), worst: batchWorstCase(c, req) });
      }
    }
  }

  // 3. the largest prefix the budget covers, then one batch per model and `batchSize` lines
  let budgetStopped = false;
  let affordable = fresh.length;
  if (host.ledger.capUsd !== null) {
    const s = host.ledger.spent();
    let room = host.ledger.capUsd - s.total - host.ledger.held() - host.ledger.reserved();
    affordable = 0;
    for (const f of fresh) {
      if (f.worst > room + 1e-12) break;
      room -= f.worst;
      affordable++;
    }
  }
  if (affordable < fresh.length) {
    budgetStopped = true;
    host.progress(
      `budget: ${fresh.length - affordable} of ${fresh.length} sample(s) not submitted; a batch reserves every line's worst case before it is sent`,
    );
  }
  const chunks: Fresh[][] = [];
  for (const modelId of models.keys()) {
    const mine = fresh.slice(0, affordable).filter((f) => f.c.model.id === modelId);
    for (let i = 0; i < mine.length; i += host.batchSize) chunks.push(mine.slice(i, i + host.batchSize));
  }
  fresh.length = 0;
  for (const chunk of chunks) {
    if (host.signal.aborted) break;
    const worst = chunk.reduce((s, f) => s + f.worst, 0);
    const ticket = host.ledger.reserve(worst);
    if (ticket === null) {
      // another endpoint's samples took the room in the meantime
      budgetStopped = true;
      continue;
    }
    const submitted = await submit(g, api(chunk[0]!.c.model.id), host, chunk, ticket);
    if (submitted) open.push(submitted);
  }

  // 4. free samples now, batches as they finish
  const runFree = async () => {
    for (const s of cached) await schedule(() => host.run(s.c, s.cs, s.repeat, { force: true }));
    for (const s of live) await schedule(() => host.run(s.c, s.cs, s.repeat));
  };
  await Promise.all([runFree(), ...open.map((o) => collect(g, api(o.entry.modelId), host, o, byCandidate, caseById, schedule))]);
  await g.queue.onIdle();
  return { budgetStopped };
}

/** Saves the batch before it is created (so a restart can find it), creates it, then saves its id. */
async function submit(g: BatchGroup, api: BatchApi, host: BatchHost, chunk: Fresh[], ticket: number): Promise<Open | null> {
  const modelId = chunk[0]!.c.model.id;
  const entry: BatchEntry = {
    key: host.book.nextKey(host.runId),
    api: g.kind,
    endpoint: g.providerFor(chunk[0]!.c).endpoint,
    modelId,
    id: null,
    inputFileId: null,
    submittedAt: new Date(host.now()).toISOString(),
    samples: chunk.map((f) => ({ candidate: f.c.id, caseId: f.cs.id, repeat: f.repeat })),
  };
  await host.book.add(entry);
  const lines: BatchLine[] = chunk.map((f, i) => ({ customId: customIdOf(i), body: f.line }));
  const metadata = { tollgate_run: host.runId, tollgate_batch: entry.key };
  const outcome = await withRetry(
    async (i) => {
      // a retried create may follow one that reached the provider: look before sending again
      const earlier = i > 0 ? await api.find(entry.key, host.signal).catch(() => null) : null;
      return earlier ? { id: earlier, inputFileId: null } : api.submit(lines, metadata, host.signal);
    },
    host.retry,
    host.retryDeps,
    host.signal,
  ).catch((err: unknown) => ({ ok: false as const, error: classifyError(err, null), attempts: 0 }));
  if (!outcome.ok) {
    host.ledger.settle(ticket, 0, 'candidate');
    if (host.signal.aborted) return null; // left in batches.json: a restart looks it up
    await host.book.remove(entry);
    host.failModel(modelId, {
      kind: outcome.error.kind,
      message: `could not submit a batch of ${chunk.length} request(s): ${outcome.error.message}`,
      status: outcome.error.status,
    });
    return null;
  }
  entry.id = outcome.value.id;
  entry.inputFileId = outcome.value.inputFileId;
  await host.book.persist();
  host.progress(`batch ${entry.id} (${modelId}): submitted ${chunk.length} request(s)`);
  return { entry, ticket };
}

/** Polls a batch until it ends, then settles its cost and hands every sample to the runner. */
async function collect(
  g: BatchGroup,
  api: BatchApi,
  host: BatchHost,
  o: Open,
  byCandidate: Map<string, Candidate>,
  caseById: Map<string, CaseRow>,
  schedule: (fn: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const { entry } = o;
  const id = entry.id!;
  const started = Date.parse(entry.submittedAt);
  const giveUp = (err: ProviderError) => {
    host.failModel(entry.modelId, {
      kind: err.kind,
      message: `could not collect batch ${id}: ${err.message}. It is saved in batches.json; \`tollgate run --resume\` collects it.`,
      status: err.status,
    });
  };

  let delay = host.pollMs;
  let last = '';
  let lastAt = 0;
  let failures = 0;
  for (;;) {
    if (host.signal.aborted) return;
    let st: BatchStatus;
    try {
      st = await api.retrieve(id, host.signal);
      failures = 0;
    } catch (err) {
      if (host.signal.aborted) return;
      const pe = classifyError(err, null);
      if (!pe.retryable || ++failures >= host.retry.maxAttempts) return giveUp(pe);
      await host.sleep(delay, host.signal).catch(() => undefined);
      continue;
    }
    const line = `batch ${id} (${entry.modelId}): ${st.label}, ${st.succeeded + st.failed}/${st.total} done${st.failed ? `, ${st.failed} failed` : ''}`;
    if (line !== last || host.now() - lastAt >= 5000 || st.state === 'ended') {
      host.progress(`${line}, ${Math.round((host.now() - started) / 1000)}s`);
      last = line;
      lastAt = host.now();
    }
    if (st.state === 'ended') break;
    await host.sleep(delay, host.signal).catch(() => undefined);
    delay = Math.min(host.maxPollMs, Math.ceil(delay * 1.5));
  }

  const fetched = await withRetry(() => api.results(id, host.signal), host.retry, host.retryDeps, host.signal).catch((err: unknown) => ({
    ok: false as const,
    error: classifyError(err, null),
    attempts: 0,
  }));
  if (!fetched.ok) {
    if (!host.signal.aborted) giveUp(fetched.error);
    return;
  }
  const results: Map<string, LineResult> = fetched.value;
  const turnaroundMs = Math.max(0, host.now() - started);

  // the batch is paid as a whole: settle it once, at the batch price, for the lines not yet recorded
  let paid = 0;
  const work: Array<() => Promise<void>> = [];
  entry.samples.forEach((s, i) => {
    const c = byCandidate.get(s.candidate);
    const cs = caseById.get(s.caseId);
    if (!c || !cs || host.isDone(s.candidate, s.caseId, s.repeat)) return;
    const res = results.get(customIdOf(i)) ?? { ok: false as const, error: lineError('server', 'the batch returned no result for this request', null) };
    if (res.ok) {
      paid += computeCost(c.model.price, res.response.tokens, { batch: true }) ?? 0;
      work.push(() => answer(g, host, c, cs, s.repeat, res.response, turnaroundMs));
    } else {
      work.push(async () => {
        if (!host.isStopped(c)) await host.run(c, cs, s.repeat, { force: true, deps: { provider: failedFirst(g.providerFor(c), res.error) } });
      });
    }
  });
  if (o.ticket !== null) host.ledger.settle(o.ticket, paid, 'candidate');
  else host.ledger.addSpent(paid, 'candidate');
  for (const w of work) await schedule(w);
}

/** Scores a line the batch answered: no request is sent, its cost is the batch price, and it is cached. */
async function answer(
  g: BatchGroup,
  host: BatchHost,
  c: Candidate,
  cs: CaseRow,
  repeat: number,
  response: ChatResponse,
  turnaroundMs: number,
): Promise<void> {
  if (host.cache && host.cacheMode === 'read-write') {
    const key = sampleCacheKey(g.providerFor(c), requestOf(c, cs), repeat);
    await host.cache
      .set(key, { text: response.text, tokens: response.tokens, finishReason: response.finishReason, latencyMs: turnaroundMs })
      .catch(() => undefined);
  }
  await host.run(c, cs, repeat, {
    force: true,
    deps: { provider: answeredBy(g.providerFor(c), response), ledger: prepaidLedger(host.ledger), cache: null, batch: true },
    adjust: (r) => {
      // a batch sample's latency is the batch's turnaround, not the instant it took to read the result
      r.latencyMs = turnaroundMs;
      if (r.attemptLog[0]) r.attemptLog[0].latencyMs = turnaroundMs;
      return r;
    },
  });
}

/** Whether a group's samples can go through a batch API: plain prompts on OpenAI, Anthropic or the sim. */
export function canBatch(providerName: string, hasTask: boolean, cacheMode: CacheMode): boolean {
  return !hasTask && cacheMode !== 'replay' && (providerName === 'openai' || providerName === 'anthropic' || providerName === 'sim');
}

