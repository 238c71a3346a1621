import { requestCacheKey } from '../cache/response-cache.ts';
import type { Candidate } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { classifyError } from '../providers/classify.ts';
import { SIM_ENDPOINT } from '../providers/create-provider.ts';
import { withRetry } from '../retry/with-retry.ts';
import { roomIn } from '../runner/endpoint-groups.ts';
import { onOwnSignal } from '../runner/own-signal.ts';
import { sampleKey } from '../runner/plan.ts';
import type { BatchApi, BatchLine } from './batch-api.ts';
import type { BatchGroup, BatchHost } from './batch-host.ts';
import { batchWorstCase, requestOf } from './batch-sample.ts';
import { type BatchEntry, customIdOf } from './batch-store.ts';
import { collectBatch, type OpenBatch } from './collect-batch.ts';

export { type BatchGroup, type BatchHost, canBatch, type SampleOverride } from './batch-host.ts';

interface Spec {
  c: Candidate;
  cs: CaseRow;
  repeat: number;
}

interface Fresh extends Spec {
  line: BatchLine['body'];
  worst: number;
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
    if (!a) {
      a = g.apiFor(models.get(modelId)!);
      apis.set(modelId, a);
    }
    return a;
  };
  const schedule = async (job: () => Promise<void>) => {
    await roomIn(g.queue);
    void g.queue.add(job);
  };
  const caseById = new Map(g.cases.map((cs) => [cs.id, cs]));

  // 1. batches submitted before a restart
  const open: OpenBatch[] = [];
  const inBatch = new Set<string>();
  for (const entry of host.book.entries.filter((e) => e.api === g.kind && models.has(e.modelId))) {
    if (entry.endpoint === SIM_ENDPOINT) {
      // the built-in sim lives and dies with the run: its batches went with the process that made them
      await host.book.remove(entry);
      continue;
    }
    if (entry.id === null) {
      // killed between create and saving the id: find it by its metadata, or submit its samples again
      const found = await onOwnSignal(host.signal, (sig) => api(entry.modelId).find(entry.key, sig)).catch(
        () => null,
      );
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
      worst += batchWorstCase(c, requestOf(c, cs), host.tokenizer);
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
        if (
          host.isStopped(c) ||
          host.isDone(c.id, cs.id, repeat) ||
          inBatch.has(sampleKey(c.id, cs.id, repeat))
        )
          continue;
        let req: ReturnType<typeof requestOf>;
        try {
          req = requestOf(c, cs);
        } catch {
          // the normal path reports a prompt that cannot render
          live.push({ c, cs, repeat });
          continue;
        }
        const provider = g.providerFor(c);
        if (readCache && (await host.cache!.get(requestCacheKey(provider, req, repeat))))
          cached.push({ c, cs, repeat });
        else
          fresh.push({
            c,
            cs,
            repeat,
            line: provider.requestBody(req),
            worst: batchWorstCase(c, req, host.tokenizer),
          });
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
  await Promise.all([
    runFree(),
    ...open.map((o) => collectBatch(g, api(o.entry.modelId), host, o, byCandidate, caseById, schedule)),
  ]);
  await g.queue.onIdle();
  return { budgetStopped };
}

/** Saves the batch before it is created (so a restart can find it), creates it, then saves its id. */
async function submit(
  g: BatchGroup,
  api: BatchApi,
  host: BatchHost,
  chunk: Fresh[],
  ticket: number,
): Promise<OpenBatch | null> {
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
      const earlier =
        i > 0 ? await onOwnSignal(host.signal, (sig) => api.find(entry.key, sig)).catch(() => null) : null;
      return earlier
        ? { id: earlier, inputFileId: null }
        : onOwnSignal(host.signal, (sig) => api.submit(lines, metadata, sig));
    },
    host.retry,
    host.retryDeps,
    host.signal,
  ).catch((err: unknown) => ({
    ok: false as const,
    error: classifyError(err, null, host.redact),
    attempts: 0,
  }));
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
