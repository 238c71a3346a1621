import { setMaxListeners } from 'node:events';
import { createAggregator } from '../analysis/aggregate.ts';
import { createCascadeCollector } from '../analysis/cascade.ts';
import { summarize } from '../analysis/summarize.ts';
import { openBatchBook } from '../batch/batch-book.ts';
import { type BatchStore, createMemoryBatchStore } from '../batch/batch-store.ts';
import { createBatchApi } from '../batch/create-batch-api.ts';
import { type BatchHost, canBatch, runBatchGroup, type SampleOverride } from '../batch/run-batch.ts';
import { createLedger, type Ledger } from '../budget/ledger.ts';
import { createFileCache, savedByCache } from '../cache/response-cache.ts';
import type { Candidate, ResolvedSuite } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { SampleError, SampleRecord } from '../log/records-file.ts';
import type { StoppedReason, Summary } from '../log/summary-file.ts';
import { loadTokenizer, upperBoundTokenizer } from '../pricing/tokenizer.ts';
import { stopsTheModel } from '../providers/classify.ts';
import { createProviders } from '../providers/create-provider.ts';
import { createRedactor, type Redactor } from '../providers/redact.ts';
import { REPEATING_SAMPLES, repeatingFailure } from '../providers/repeating-error.ts';
import { type SimServer, startSimServer } from '../providers/sim/server.ts';
import { abortableSleep, DEFAULT_RETRY } from '../retry/with-retry.ts';
import { createScorer } from '../scorers/registry.ts';
import { createEarlyStopper, type EarlyStopper } from './early-stop.ts';
import { groupByEndpoint, roomIn } from './endpoint-groups.ts';
import { makeJudgeFactory, resolveJudges } from './judges.ts';
import type { CacheMode } from './metered-chat.ts';
import { onOwnSignal } from './own-signal.ts';
import { planCases, sampleKey } from './plan.ts';
import { runFacts } from './run-facts.ts';
import { NotRun, runSample } from './run-sample.ts';
import { type Selection, selectCandidates } from './selection.ts';

export interface RunOptions extends Selection {
  cacheMode: CacheMode;
  cacheDir: string;
  /** Records already in the run folder (`--resume`): not sent again, already spent. Read once: it may be a stream of records.jsonl. */
  previous?: Iterable<SampleRecord>;
  runId: string;
  /** Send plain-prompt samples through the providers' batch APIs at batch prices (`--batch`). */
  batch?: boolean;
  /** First batch poll interval (it grows by half each poll, to 30 s). @default 1000 */
  batchPollMs?: number;
  /** Most requests in one provider batch. @default 10000 */
  batchSize?: number;
}

export interface RunDeps {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  now(): number;
  random(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The run's redactor: keys it reads are registered on it. @default a fresh one */
  redactor?: Redactor;
  /** Called with each finished record, in finishing order (the CLI appends it to records.jsonl). */
  onRecord(r: SampleRecord): void;
  /** Called once with a live view for progress displays. */
  onStart?(live: LiveRun): void;
  fetch?: typeof fetch;
  /** A simulator already running (tests); otherwise one is started when a model uses `sim`. */
  sim?: SimServer;
  /** Where `--batch` remembers submitted batches (the run folder's batches.json). @default in memory */
  batchStore?: BatchStore;
  /** A line of batch progress (submitted, polled, collected). */
  onBatchProgress?(line: string): void;
}

export interface LiveRun {
  candidates: Array<{ id: string; planned: number }>;
  peek(
    id: string,
  ): { samples: number; passed: number; cost: number | null; earlyStopped: boolean } | undefined;
  spent(): number;
  budgetUsd: number | null;
  /** Samples go through the providers' batch APIs (`--batch`). */
  batch: boolean;
}

export interface RunResult {
  summary: Summary;
  /** The first --replay miss, which makes the run fail with exit 2. */
  replayMiss: Error | null;
}

/**
 * Runs a suite: plans candidates × cases × repeats, schedules samples on one queue per provider
 * endpoint, enforces the budget, stops hopeless candidates early, and summarises what ran.
 */
export async function runSuite(suite: ResolvedSuite, opts: RunOptions, deps: RunDeps): Promise<RunResult> {
  const startedAt = new Date(deps.now());
  const candidates = selectCandidates(suite, opts);
  const repeats = opts.repeats ?? suite.repeats;
  const cases = planCases(suite.cases, { seed: suite.seed, sample: opts.sample, shard: opts.shard });
  const budgetUsd = opts.budgetUsd !== undefined ? opts.budgetUsd : suite.budgetUsd;
  const ledger: Ledger = createLedger(budgetUsd);
  // a budget reserves on locally counted tokens; without one nothing is counted (and the tables stay unloaded)
  const tokenizer = budgetUsd !== null ? await loadTokenizer() : upperBoundTokenizer;
  const agg = createAggregator(
    candidates.map((c) => ({
      id: c.id,
      model: c.model.id,
      prompt: c.prompt.id,
      provider: c.model.provider,
      planned: cases.length * repeats,
    })),
  );
  // cascades are simulated from the per-case results, so every record feeds them too
  const cascadeCollector = suite.config.cascades?.length
    ? createCascadeCollector(suite.config.cascades)
    : null;

  const done = new Set<string>();
  let savedByCacheUsd = 0;
  // what the early stoppers need of the earlier records, kept so records.jsonl is read only once
  const earlier: Array<{ candidate: string; caseId: string; repeat: number; passed: boolean }> = [];
  const earlyStopOn = suite.earlyStop && suite.qualityBar !== null;
  for (const r of opts.previous ?? []) {
    done.add(sampleKey(r.candidate, r.caseId, r.repeat));
    if (earlyStopOn)
      earlier.push({
        candidate: r.candidate,
        caseId: r.caseId,
        repeat: r.repeat,
        passed: r.status === 'passed',
      });
    agg.add(r);
    cascadeCollector?.add(r);
    ledger.addSpent(r.spentUsd ?? 0, 'candidate');
    if (r.judge) ledger.addSpent(r.judge.spentUsd ?? 0, 'judge');
    savedByCacheUsd += savedByCache(r);
  }

  const judges = resolveJudges(suite);
  const needsSim = [...candidates.map((c) => c.model), ...judges.values()].some((m) => m.provider === 'sim');
  // the run's own sim keeps no request log: nobody reads it, and it would grow with the run
  const sim = deps.sim ?? (needsSim ? await startSimServer({ logLimit: 0 }) : undefined);
  const ownsSim = !deps.sim && sim !== undefined;
  const redactor = deps.redactor ?? createRedactor();
  try {
    const providers = createProviders(
      [...new Set([...candidates.map((c) => c.model), ...judges.values()])],
      {
        env: deps.env,
        simBaseURL: sim?.openaiBaseURL,
        fetch: deps.fetch,
        redactor,
      },
      suite.file,
    );

    const internal = new AbortController();
    const signal = AbortSignal.any([deps.signal, internal.signal]);
    // every in-flight request listens on the run's signal
    setMaxListeners(0, signal, internal.signal);
    let stoppedReason: StoppedReason = null;
    let replayMiss: Error | null = null;
    const stopped = new Map<string, string>();
    const failedModels = new Map<string, SampleError>();
    const cache = opts.cacheMode === 'off' ? null : createFileCache(opts.cacheDir);
    const scorers = suite.config.scorers.map((s, i) => createScorer(s, i));
    const baseDeps = {
      ledger,
      cache,
      cacheMode: opts.cacheMode,
      retry: { ...DEFAULT_RETRY, maxAttempts: suite.maxAttempts },
      retryDeps: { sleep: deps.sleep, random: deps.random },
      timeoutMs: suite.timeoutMs,
      signal,
      now: deps.now,
      scorers,
      pass: suite.pass,
      task: suite.config.task,
      tokenizer,
    };
    const makeJudge = makeJudgeFactory(judges, providers, baseDeps);

    deps.onStart?.({
      candidates: candidates.map((c) => ({ id: c.id, planned: cases.length * repeats })),
      peek: (id) => {
        const p = agg.peek(id);
        return p && { ...p, earlyStopped: stopped.has(id) };
      },
      spent: () => ledger.spent().total,
      budgetUsd,
      batch: Boolean(opts.batch),
    });

    // one queue per endpoint; samples go in case-major order so every candidate advances together
    const groups = groupByEndpoint(
      candidates,
      (c) => providers.get(c.model.id)!,
      (c) => opts.concurrency ?? c.model.concurrency ?? suite.concurrency,
    );

    // a sample's plan index: its case's position in the seeded order, then its repeat
    const caseIndex = new Map(cases.map((cs, i) => [cs.id, i]));
    const dispatchingStopped = () => signal.aborted || stoppedReason === 'budget' || ledger.exhausted();
    // early stop decides on plan-order prefixes, so which samples run never depends on timing
    const stoppers = new Map<string, EarlyStopper>();
    if (earlyStopOn && suite.qualityBar !== null) {
      for (const g of groups.values()) {
        for (const c of g.candidates) {
          // a cascade step must answer every case the cascade may route to it
          if (suite.config.cascades?.some((k) => k.steps.includes(c.id))) continue;
          stoppers.set(
            c.id,
            createEarlyStopper({
              planned: cases.length * repeats,
              bar: suite.qualityBar,
              window: g.queue.concurrency,
              repeats,
            }),
          );
        }
      }
      for (const r of earlier) {
        const ci = caseIndex.get(r.caseId);
        if (ci !== undefined) earlyStop(r.candidate, ci * repeats + r.repeat, r.passed);
      }
    }
    function earlyStop(candidate: string, index: number, passed: boolean) {
      const reason = stoppers.get(candidate)?.finish(index, passed);
      if (reason) {
        stopped.set(candidate, reason);
        agg.stopEarly(candidate, reason);
      }
    }
    const releaseAll = () => {
      for (const s of stoppers.values()) s.release();
    };
    const failModel = (modelId: string, error: SampleError) => {
      failedModels.set(modelId, error);
      for (const other of candidates) {
        if (other.model.id !== modelId) continue;
        agg.stopWithError(other.id, error);
        stoppers.get(other.id)?.release();
      }
    };
    // each model's first finished samples' errors: the same deterministic error in all stops it,
    // and aborts its samples in flight (they would end the same way)
    const firstFinished = new Map<string, Array<SampleError | null>>();
    const repeatingStops = new Map<string, AbortController>();
    const repeatingStop = (modelId: string) => {
      const stop = repeatingStops.get(modelId) ?? new AbortController();
      repeatingStops.set(modelId, stop);
      return stop;
    };
    const finishSample = (c: Candidate, index: number, r: SampleRecord) => {
      deps.onRecord(r);
      agg.add(r);
      cascadeCollector?.add(r);
      savedByCacheUsd += savedByCache(r);
      if (r.error && stopsTheModel(r.error)) failModel(c.model.id, r.error);
      const first = firstFinished.get(c.model.id) ?? [];
      if (first.length < REPEATING_SAMPLES && !failedModels.has(c.model.id)) {
        firstFinished.set(c.model.id, [...first, r.error]);
        const repeating = repeatingFailure([...first, r.error]);
        if (repeating) {
          failModel(c.model.id, repeating);
          repeatingStop(c.model.id).abort(new Error(repeating.message));
        }
      }
      earlyStop(c.id, index, r.status === 'passed');
      if (ledger.exhausted()) releaseAll();
    };

    const runOne = async (
      c: Candidate,
      cs: CaseRow,
      repeat: number,
      index: number,
      over?: SampleOverride,
    ) => {
      const stopper = stoppers.get(c.id);
      if (over?.force) {
        // a batch answer (already paid) or a free one: only an interrupt stops it
        if (signal.aborted) return;
      } else {
        if (stopper) await stopper.ready(index, signal);
        if (dispatchingStopped() || stopper?.skips(index) || failedModels.has(c.model.id)) return;
      }
      try {
        // the openai SDK never removes the abort listener it adds per request: each sample gets its own signal
        const r0 = await onOwnSignal(
          signal,
          (own) =>
            runSample(
              { candidate: c, case: cs, repeat },
              {
                ...baseDeps,
                signal: own,
                // the candidate's own provider: two keys may share one endpoint (and its queue)
                provider: providers.get(c.model.id)!,
                makeJudge,
                ...over?.deps,
              },
            ),
          repeatingStop(c.model.id).signal,
        );
        const r = over?.adjust ? over.adjust(r0) : r0;
        finishSample(c, index, r);
      } catch (err) {
        // a model stopped for an error that would repeat: its samples in flight are dropped, not recorded
        if (repeatingStop(c.model.id).signal.aborted && !signal.aborted) return;
        if (err instanceof NotRun) {
          stoppedReason = 'budget';
          releaseAll();
          return;
        }
        if (err instanceof Error && err.name === 'ReplayMiss') {
          replayMiss ??= err;
          internal.abort(err);
          return;
        }
        if (signal.aborted) return;
        throw err;
      }
    };

    const batchBook = opts.batch ? await openBatchBook(deps.batchStore ?? createMemoryBatchStore()) : null;
    const batchHost: BatchHost = {
      runId: opts.runId,
      book: batchBook!,
      ledger,
      cache,
      cacheMode: opts.cacheMode,
      signal,
      now: deps.now,
      sleep: deps.sleep,
      retry: baseDeps.retry,
      retryDeps: baseDeps.retryDeps,
      pollMs: opts.batchPollMs ?? 1000,
      maxPollMs: 30_000,
      batchSize: opts.batchSize ?? 10_000,
      isDone: (candidate, caseId, repeat) => done.has(sampleKey(candidate, caseId, repeat)),
      isStopped: (c) => stopped.has(c.id) || failedModels.has(c.model.id),
      run: (c, cs, repeat, over) =>
        runOne(c, cs, repeat, (caseIndex.get(cs.id) ?? 0) * repeats + repeat, over),
      failModel,
      progress: (line) => deps.onBatchProgress?.(line),
      redact: redactor.redact,
      tokenizer,
    };

    await Promise.all(
      [...groups.values()].map(async (g) => {
        if (batchBook && canBatch(g.provider.name, Boolean(suite.config.task), opts.cacheMode)) {
          const batched = await runBatchGroup(
            {
              kind: g.provider.name === 'anthropic' ? 'anthropic' : 'openai',
              providerFor: (c) => providers.get(c.model.id)!,
              apiFor: (m) =>
                createBatchApi(m, {
                  env: deps.env,
                  simBaseURL: sim?.openaiBaseURL,
                  fetch: deps.fetch,
                  redact: redactor.redact,
                }),
              candidates: g.candidates,
              cases,
              repeats,
              queue: g.queue,
            },
            batchHost,
          );
          if (batched.budgetStopped) stoppedReason = 'budget';
          return;
        }
        outer: for (const [ci, cs] of cases.entries()) {
          for (const c of g.candidates) {
            for (let repeat = 0; repeat < repeats; repeat++) {
              const index = ci * repeats + repeat;
              if (dispatchingStopped()) break outer;
              if (
                done.has(sampleKey(c.id, cs.id, repeat)) ||
                stoppers.get(c.id)?.skips(index) ||
                failedModels.has(c.model.id)
              )
                continue;
              await roomIn(g.queue);
              if (dispatchingStopped()) break outer;
              void g.queue.add(() => runOne(c, cs, repeat, index));
            }
          }
        }
        await g.queue.onIdle();
      }),
    );

    if (deps.signal.aborted) stoppedReason = 'interrupted';
    else if (replayMiss) stoppedReason = 'replay_miss';
    else if (stoppedReason === 'budget' || ledger.exhausted()) stoppedReason = 'budget';
    else if (failedModels.size > 0) stoppedReason = 'candidate_failed';

    const facts = runFacts({
      suite,
      runId: opts.runId,
      shard: opts.shard ?? null,
      models: [...candidates.map((c) => c.model), ...judges.values()],
      budgetUsd,
      spentUsd: ledger.spent(),
      savedByCacheUsd,
      stoppedReason,
      startedAt: startedAt.getTime(),
      finishedAt: deps.now(),
    });
    const summary = summarize({ aggregator: agg, cascades: cascadeCollector }, facts);
    return { summary, replayMiss };
  } finally {
    if (ownsSim) await sim!.close();
  }
}

export const defaultRunDeps = {
  now: () => Date.now(),
  random: Math.random,
  sleep: abortableSleep,
};
