import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import { createAggregator } from '../analysis/summarize.ts';
import { pickRecommendation } from '../analysis/pick.ts';
import { createLedger, type Ledger } from '../budget/ledger.ts';
import { createFileCache, savedByCache } from '../cache/response-cache.ts';
import type { Candidate, ResolvedSuite } from '../config/resolved.ts';
import { PRICE_TABLE_AS_OF, PRICE_TABLE_SOURCE } from '../pricing/price-table.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import { createProviders } from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';
import { startSimServer, type SimServer } from '../providers/sim/server.ts';
import { abortableSleep, DEFAULT_RETRY } from '../retry/with-retry.ts';
import { createScorer } from '../scorers/registry.ts';
import type { CaseRow, SampleError, SampleRecord, StoppedReason, Summary } from '../types.ts';
import { createEarlyStopper, type EarlyStopper } from './early-stop.ts';
import { resolveJudges, makeJudgeFactory } from './judges.ts';
import type { CacheMode } from './metered-chat.ts';
import { planCases, sampleKey } from './plan.ts';
import { NotRun, runSample, type SampleDeps } from './run-sample.ts';

export interface RunOptions {
  /** Keep only these model ids / prompt ids. */
  models?: string[];
  prompts?: string[];
  repeats?: number;
  sample?: number;
  shard?: { index: number; count: number };
  budgetUsd?: number | null;
  concurrency?: number;
  cacheMode: CacheMode;
  cacheDir: string;
  /** Records already in the run folder (`--resume`): not sent again, already spent. */
  previous?: SampleRecord[];
  runId: string;
}

export interface RunDeps {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  now(): number;
  random(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Called with each finished record, in finishing order (the CLI appends it to records.jsonl). */
  onRecord(r: SampleRecord): void;
  /** Called once with a live view for progress displays. */
  onStart?(live: LiveRun): void;
  fetch?: typeof fetch;
  /** A simulator already running (tests); otherwise one is started when a model uses `sim`. */
  sim?: SimServer;
}

export interface LiveRun {
  candidates: Array<{ id: string; planned: number }>;
  peek(id: string): { samples: number; passed: number; cost: number | null; earlyStopped: boolean } | undefined;
  spent(): number;
  budgetUsd: number | null;
}

export interface RunResult {
  summary: Summary;
  /** The first --replay miss, which makes the run fail with exit 2. */
  replayMiss: Error | null;
}

/** Selects the candidates a run covers. */
export function selectCandidates(suite: ResolvedSuite, opts: Pick<RunOptions, 'models' | 'prompts'>): Candidate[] {
  return suite.candidates.filter(
    (c) => (!opts.models || opts.models.includes(c.model.id)) && (!opts.prompts || opts.prompts.includes(c.prompt.id)),
  );
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
  const agg = createAggregator(
    candidates.map((c) => ({ id: c.id, model: c.model.id, prompt: c.prompt.id, provider: c.model.provider, planned: cases.length * repeats })),
  );

  const done = new Set<string>();
  let savedByCacheUsd = 0;
  for (const r of opts.previous ?? []) {
    done.add(sampleKey(r.candidate, r.caseId, r.repeat));
    agg.add(r);
    ledger.addSpent(r.spentUsd ?? 0, 'candidate');
    if (r.judge) ledger.addSpent(r.judge.spentUsd ?? 0, 'judge');
    savedByCacheUsd += savedByCache(r);
  }

  const judges = resolveJudges(suite);
  const needsSim = [...candidates.map((c) => c.model), ...judges.values()].some((m) => m.provider === 'sim');
  const sim = deps.sim ?? (needsSim ? await startSimServer() : undefined);
  const ownsSim = !deps.sim && sim !== undefined;
  try {
    const providers = createProviders([...new Set([...candidates.map((c) => c.model), ...judges.values()])], {
      env: deps.env,
      simBaseURL: sim?.openaiBaseURL,
      fetch: deps.fetch,
    }, suite.file);

    const internal = new AbortController();
    const signal = AbortSignal.any([deps.signal, internal.signal]);
    // every in-flight request listens on the run's signal
    setMaxListeners(0, signal, internal.signal);
    let stoppedReason: StoppedReason = null;
    let replayMiss: Error | null = null;
    let notRunByBudget = 0;
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
    });

    // one queue per endpoint; samples go in case-major order so every candidate advances together
    const groups = new Map<string, { provider: Provider; queue: PQueue; candidates: Candidate[] }>();
    for (const c of candidates) {
      const provider = providers.get(c.model.id)!;
      const key = `${provider.name}|${provider.endpoint}`;
      let g = groups.get(key);
      if (!g) {
        const concurrency = opts.concurrency ?? c.model.concurrency ?? suite.concurrency;
        g = { provider, queue: new PQueue({ concurrency }), candidates: [] };
        groups.set(key, g);
      }
      g.candidates.push(c);
    }

    const dispatchingStopped = () => signal.aborted || stoppedReason === 'budget' || ledger.exhausted();
    // early stop decides on plan-order prefixes, so which samples run never depends on timing
    const stoppers = new Map<string, EarlyStopper>();
    if (suite.earlyStop && suite.qualityBar !== null) {
      for (const g of groups.values()) {
        for (const c of g.candidates) {
          stoppers.set(c.id, createEarlyStopper({ planned: cases.length * repeats, bar: suite.qualityBar, window: g.queue.concurrency, repeats }));
        }
      }
      const caseIndex = new Map(cases.map((cs, i) => [cs.id, i]));
      for (const r of opts.previous ?? []) {
        const ci = caseIndex.get(r.caseId);
        if (ci !== undefined) earlyStop(r.candidate, ci * repeats + r.repeat, r);
      }
    }
    function earlyStop(candidate: string, index: number, r: SampleRecord) {
      const reason = stoppers.get(candidate)?.finish(index, r.status === 'passed');
      if (reason) {
        stopped.set(candidate, reason);
        agg.stopEarly(candidate, reason);
      }
    }
    const releaseAll = () => {
      for (const s of stoppers.values()) s.release();
    };
    const finishSample = (c: Candidate, index: number, r: SampleRecord) => {
      deps.onRecord(r);
      agg.add(r);
      savedByCacheUsd += savedByCache(r);
      if (r.error?.kind === 'auth') {
        failedModels.set(c.model.id, r.error);
        for (const other of candidates) {
          if (other.model.id !== c.model.id) continue;
          agg.stopWithError(other.id, r.error);
          stoppers.get(other.id)?.release();
        }
      }
      earlyStop(c.id, index, r);
      if (ledger.exhausted()) releaseAll();
    };

    const runOne = async (g: { provider: Provider }, c: Candidate, cs: CaseRow, repeat: number, index: number) => {
      const stopper = stoppers.get(c.id);
      if (stopper) await stopper.ready(index, signal);
      if (dispatchingStopped() || stopper?.skips(index) || failedModels.has(c.model.id)) return;
      const sampleDeps: SampleDeps = {
        ...baseDeps,
        // the candidate's own provider: two keys may share one endpoint (and its queue)
        provider: providers.get(c.model.id) ?? g.provider,
        countPromptTokens: (req) => countPromptTokens(c.model.provider, req.messages),
        makeJudge,
      };
      try {
        const r = await runSample({ candidate: c, case: cs, repeat }, sampleDeps);
        if (signal.aborted && r.status === 'error' && r.error?.kind === 'connection') return; // cut off by Ctrl-C: not finished
        finishSample(c, index, r);
      } catch (err) {
        if (err instanceof NotRun) {
          notRunByBudget++;
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

    await Promise.all(
      [...groups.values()].map(async (g) => {
        const limit = Math.max(2, g.queue.concurrency * 2);
        outer: for (const [ci, cs] of cases.entries()) {
          for (const c of g.candidates) {
            for (let repeat = 0; repeat < repeats; repeat++) {
              const index = ci * repeats + repeat;
              if (dispatchingStopped()) break outer;
              if (done.has(sampleKey(c.id, cs.id, repeat)) || stoppers.get(c.id)?.skips(index) || failedModels.has(c.model.id)) continue;
              if (g.queue.size >= limit) await g.queue.onSizeLessThan(limit);
              if (dispatchingStopped()) break outer;
              void g.queue.add(() => runOne(g, c, cs, repeat, index));
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

    const qualityBar = suite.qualityBar;
    const tasksPerDay = suite.config.projection?.tasksPerDay ?? null;
    const cands = agg.finish({ qualityBar, tasksPerDay });
    const spent = ledger.spent();
    const prices = Object.fromEntries(
      [...new Set([...candidates.map((c) => c.model), ...judges.values()])].map((m) => [m.id, m.price]),
    );
    const summary: Summary = {
      suite: suite.name,
      suiteHash: suite.hash,
      runId: opts.runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(deps.now()).toISOString(),
      durationMs: Math.round(deps.now() - startedAt.getTime()),
      prices: { asOf: PRICE_TABLE_AS_OF, source: PRICE_TABLE_SOURCE, models: prices },
      budgetUsd,
      spentUsd: spent,
      savedByCacheUsd,
      stoppedReason,
      samplesNotRun: cands.reduce((s, c) => s + c.notRun, 0),
      qualityBar,
      projection: tasksPerDay === null ? null : { tasksPerDay },
      gate: suite.gate,
      shard: opts.shard ?? null,
      recommendation: pickRecommendation(cands, qualityBar),
      candidates: cands,
    };
    void notRunByBudget;
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
