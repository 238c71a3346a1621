import { requestCacheKey } from '../cache/response-cache.ts';
import type { Candidate } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { ProviderError } from '../errors.ts';
import { computeCost } from '../pricing/compute-cost.ts';
import { classifyError } from '../providers/classify.ts';
import type { ChatResponse } from '../providers/provider.ts';
import { withRetry } from '../retry/with-retry.ts';
import { onOwnSignal } from '../runner/own-signal.ts';
import { type BatchApi, type BatchStatus, type LineResult, lineError } from './batch-api.ts';
import type { BatchGroup, BatchHost } from './batch-host.ts';
import { answeredBy, failedFirst, prepaidLedger, requestOf } from './batch-sample.ts';
import { type BatchEntry, customIdOf } from './batch-store.ts';

/** A submitted batch this process polls: its entry and the budget reservation held for it. */
export interface OpenBatch {
  entry: BatchEntry;
  ticket: number | null;
}

/** Polls a batch until it ends, then settles its cost and hands every sample to the runner. */
export async function collectBatch(
  g: BatchGroup,
  api: BatchApi,
  host: BatchHost,
  o: OpenBatch,
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
      st = await onOwnSignal(host.signal, (sig) => api.retrieve(id, sig));
      failures = 0;
    } catch (err) {
      if (host.signal.aborted) return;
      const pe = classifyError(err, null, host.redact);
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

  const fetched = await withRetry(
    () => onOwnSignal(host.signal, (sig) => api.results(id, sig)),
    host.retry,
    host.retryDeps,
    host.signal,
  ).catch((err: unknown) => ({
    ok: false as const,
    error: classifyError(err, null, host.redact),
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
    const res = results.get(customIdOf(i)) ?? {
      ok: false as const,
      error: lineError('server', 'the batch returned no result for this request', null),
    };
    if (res.ok) {
      paid += computeCost(c.model.price, res.response.tokens, { batch: true }) ?? 0;
      work.push(() => answer(g, host, c, cs, s.repeat, res.response, turnaroundMs));
    } else {
      work.push(async () => {
        if (!host.isStopped(c))
          await host.run(c, cs, s.repeat, {
            force: true,
            deps: { provider: failedFirst(g.providerFor(c), res.error) },
          });
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
    const key = requestCacheKey(g.providerFor(c), requestOf(c, cs), repeat);
    await host.cache
      .set(key, {
        text: response.text,
        tokens: response.tokens,
        finishReason: response.finishReason,
        latencyMs: turnaroundMs,
      })
      .catch(() => undefined);
  }
  await host.run(c, cs, repeat, {
    force: true,
    deps: {
      provider: answeredBy(g.providerFor(c), response),
      ledger: prepaidLedger(host.ledger),
      cache: null,
      batch: true,
    },
    adjust: (r) => {
      // a batch sample's latency is the batch's turnaround, not the instant it took to read the result
      r.latencyMs = turnaroundMs;
      if (r.attemptLog[0]) r.attemptLog[0].latencyMs = turnaroundMs;
      return r;
    },
  });
}
