import type { ProviderError } from '../errors.ts';
import { computeCost } from '../pricing/compute-cost.ts';
import { type BatchApi, type BatchStatus, type LineResult, lineError } from '../providers/batch-api.ts';
import { classifyError } from '../providers/classify.ts';
import {
  type BatchGroupRun,
  isStopped,
  type OpenBatch,
  progress,
  retryBatchCall,
  schedule,
} from './batch-group.ts';
import { type BatchEntry, customIdOf } from './batch-store.ts';
import { onOwnSignal } from './own-signal.ts';
import { runOne } from './run-one.ts';
import { failModel, type RunState } from './run-state.ts';

/** Polls a batch until it ends, then settles its cost and runs every sample with its line's outcome. */
export async function collectBatch(run: BatchGroupRun, api: BatchApi, o: OpenBatch): Promise<void> {
  const { state } = run;
  if (!(await pollUntilEnded(state, api, o.entry))) return;
  const fetched = await retryBatchCall(state, () =>
    onOwnSignal(state.signal, (sig) => api.results(o.entry.id!, sig)),
  );
  if (!fetched.ok) {
    if (!state.signal.aborted) giveUp(state, o.entry, fetched.error);
    return;
  }
  await runLines(run, o, fetched.value);
}

/** The model cannot be collected now; the batch stays in batches.json for `--resume`. */
function giveUp(state: RunState, entry: BatchEntry, err: ProviderError): void {
  failModel(state, entry.modelId, {
    kind: err.kind,
    message: `could not collect batch ${entry.id}: ${err.message}. It is saved in batches.json; \`tollgate run --resume\` collects it.`,
    status: err.status,
  });
}

/**
 * Polls with a growing delay, printing a progress line when it changes (or every 5 s).
 * @returns true once the batch ended; false on an interrupt or when polling gave up
 */
async function pollUntilEnded(state: RunState, api: BatchApi, entry: BatchEntry): Promise<boolean> {
  const { deps, signal } = state;
  const started = Date.parse(entry.submittedAt);
  let delay = state.opts.batchPollMs ?? 1000;
  let last = '';
  let lastAt = 0;
  let failures = 0;
  for (;;) {
    if (signal.aborted) return false;
    let st: BatchStatus;
    try {
      st = await onOwnSignal(signal, (sig) => api.retrieve(entry.id!, sig));
      failures = 0;
    } catch (err) {
      if (signal.aborted) return false;
      const pe = classifyError(err, null, state.redactor.redact);
      if (!pe.retryable || ++failures >= state.sampleDeps.retry.maxAttempts) {
        giveUp(state, entry, pe);
        return false;
      }
      await deps.sleep(delay, signal).catch(() => undefined);
      continue;
    }
    const line = `batch ${entry.id} (${entry.modelId}): ${st.label}, ${st.succeeded + st.failed}/${st.total} done${st.failed ? `, ${st.failed} failed` : ''}`;
    if (line !== last || deps.now() - lastAt >= 5000 || st.state === 'ended') {
      progress(state, `${line}, ${Math.round((deps.now() - started) / 1000)}s`);
      last = line;
      lastAt = deps.now();
    }
    if (st.state === 'ended') return true;
    await deps.sleep(delay, signal).catch(() => undefined);
    delay = Math.min(MAX_POLL_MS, Math.ceil(delay * 1.5));
  }
}

/** The longest wait between two polls. */
const MAX_POLL_MS = 30_000;

/**
 * The batch is paid as a whole: its reservation is settled once, at the batch price, for the lines
 * not yet recorded. Then each sample runs with its line: an answer (prepaid) or a failure (retried live).
 */
async function runLines(run: BatchGroupRun, o: OpenBatch, results: Map<string, LineResult>): Promise<void> {
  const { state } = run;
  const turnaroundMs = Math.max(0, state.deps.now() - Date.parse(o.entry.submittedAt));
  let paid = 0;
  const work: Array<() => Promise<void>> = [];
  o.entry.samples.forEach((s, i) => {
    const c = run.byCandidate.get(s.candidate);
    const cs = state.plan.caseById(s.caseId);
    const key = state.plan.keyOf(s.candidate, s.caseId, s.repeat);
    if (!c || !cs || state.done.has(key)) return;
    const request = run.requests.get(key);
    run.requests.delete(key);
    const res = results.get(customIdOf(i)) ?? {
      ok: false as const,
      error: lineError('server', 'the batch returned no result for this request', null),
    };
    if (res.ok) {
      paid += computeCost(c.model.price, res.response.tokens, { batch: true }) ?? 0;
      const prepaid = { ok: true as const, response: res.response, latencyMs: turnaroundMs };
      work.push(() => runOne(state, c, cs, s.repeat, { force: true, request, prepaid }));
    } else {
      const prepaid = { ok: false as const, error: res.error };
      work.push(async () => {
        if (!isStopped(state, c)) await runOne(state, c, cs, s.repeat, { force: true, request, prepaid });
      });
    }
  });
  if (o.ticket !== null) state.ledger.settle(o.ticket, paid, 'candidate');
  else state.ledger.addSpent(paid, 'candidate');
  for (const w of work) await schedule(run, w);
}
