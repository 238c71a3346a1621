import { setMaxListeners } from 'node:events';
import { type Aggregator, createAggregator } from '../analysis/aggregate.ts';
import { caseGroupsOf } from '../analysis/breakdown.ts';
import { type CascadeCollector, cascadeSpecsOfSuite, createCascadeCollector } from '../analysis/cascade.ts';
import { outcomeOf } from '../analysis/outcome.ts';
import { createLedger, type Ledger } from '../budget/ledger.ts';
import { createFileCache, type ResponseCache, savedByCache } from '../cache/response-cache.ts';
import type { ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { SampleError, SampleRecord } from '../log/records-file.ts';
import type { StoppedReason } from '../log/summary-file.ts';
import { exactTokenizer, type Tokenizer, upperBoundTokenizer } from '../pricing/tokenizer.ts';
import { createProviders } from '../providers/create-provider.ts';
import type { Provider } from '../providers/provider.ts';
import { createRedactor, type Redactor } from '../providers/redact.ts';
import type { RequestSlots } from '../providers/request-slots.ts';
import type { SimServer } from '../providers/sim/server.ts';
import { DEFAULT_RETRY } from '../retry/with-retry.ts';
import { createScorer } from '../scorers/registry.ts';
import { createEarlyStopper, type EarlyStopper } from './early-stop.ts';
import { type EndpointGroup, groupByEndpoint } from './endpoint-groups.ts';
import { judgeScorerNames, makeJudgeFactory, resolveJudges } from './judges.ts';
import type { Plan } from './plan.ts';
import type { SampleDeps } from './run-sample.ts';
import type { RunDeps, RunOptions } from './run-types.ts';

/** What an earlier record (`--resume`) tells the early stoppers. */
interface EarlierResult {
  candidate: string;
  caseId: string;
  repeat: number;
  /** null: not scored. */
  passed: boolean | null;
}

/** What the finished samples add up to so far: the tallies a summary is made from. */
export interface RunTally {
  agg: Aggregator;
  cascades: CascadeCollector | null;
  /** Samples already in records.jsonl (a resumed run), by sampleKey. */
  done: Set<string>;
  savedByCacheUsd: number;
}

/** The providers a run talks to, and the simulator it started (closed by `closeRun`). */
export interface RunProviders {
  providers: Map<string, Provider>;
  judges: Map<string, ResolvedModel>;
  redactor: Redactor;
  sim: SimServer | undefined;
  ownsSim: boolean;
}

/**
 * A run under way: built once by `prepareRun`, then read and updated by the runner's named steps
 * (dispatch, finishSample, stopReason, finish). Nothing else holds run state.
 */
export interface RunState extends RunTally, RunProviders {
  suite: ResolvedSuite;
  plan: Plan;
  opts: RunOptions;
  deps: RunDeps;
  startedAt: number;
  budgetUsd: number | null;
  ledger: Ledger;
  tokenizer: Tokenizer;
  cache: ResponseCache | null;
  /** Every sample's deps but its provider. */
  sampleDeps: Omit<SampleDeps, 'provider'>;
  /** One queue per provider endpoint. */
  groups: EndpointGroup[];
  /** Each model's endpoint's request slots, by model id. */
  slots: Map<string, RequestSlots>;
  stoppers: Map<string, EarlyStopper>;
  /** Candidates stopped early, with the reason. */
  stopped: Map<string, string>;
  /** Models that cannot run (auth failure, a batch that could not be submitted). */
  failedModels: Map<string, SampleError>;
  /** Each model's first finished samples' errors (src/providers/repeating-error.ts), up to 3. */
  firstFinished: Map<string, Array<SampleError | null>>;
  /** Per model: aborted when its first samples failed the same deterministic way, to drop those in flight. */
  repeatingStops: Map<string, AbortController>;
  /** Set to 'budget' when a sample found no budget left before its first request. */
  stoppedReason: StoppedReason;
  replayMiss: Error | null;
  /** Aborts the run from inside (a replay miss). */
  internal: AbortController;
  /** The caller's signal or the internal one. */
  signal: AbortSignal;
}

/** Builds the run's state: tallies (with the resumed records), ledger, providers, queues, stoppers. */
export async function prepareRun(
  suite: ResolvedSuite,
  plan: Plan,
  opts: RunOptions,
  deps: RunDeps,
): Promise<RunState> {
  const startedAt = deps.now();
  const budgetUsd = opts.budgetUsd !== undefined ? opts.budgetUsd : suite.budgetUsd;
  const ledger = createLedger(budgetUsd);
  // a budget reserves on locally counted tokens; without one nothing is counted (and the tables stay unloaded)
  const tokenizer = budgetUsd !== null ? exactTokenizer : upperBoundTokenizer;
  const earlyStopOn = suite.earlyStop && suite.qualityBar !== null;
  const { tally, earlier } = tallyPrevious(suite, plan, ledger, opts.previous ?? [], earlyStopOn);
  const rp = await startProviders(suite, plan, deps);
  try {
    return assembleState(
      { suite, plan, opts, deps, startedAt, budgetUsd, ledger, tokenizer },
      tally,
      rp,
      earlier,
    );
  } catch (err) {
    await closeRun(rp);
    throw err;
  }
}

type RunBasics = Pick<
  RunState,
  'suite' | 'plan' | 'opts' | 'deps' | 'startedAt' | 'budgetUsd' | 'ledger' | 'tokenizer'
>;

/** The run's signal, cache, sample deps, queues and stoppers around the tallies and providers. */
function assembleState(b: RunBasics, tally: RunTally, rp: RunProviders, earlier: EarlierResult[]): RunState {
  const { suite, plan, opts, deps, ledger, tokenizer } = b;
  const earlyStopOn = suite.earlyStop && suite.qualityBar !== null;
  const internal = new AbortController();
  const signal = AbortSignal.any([deps.signal, internal.signal]);
  // every in-flight request listens on the run's signal
  setMaxListeners(0, signal, internal.signal);
  const cache = opts.cacheMode === 'off' ? null : createFileCache(opts.cacheDir);
  const meter = {
    ledger,
    cache,
    cacheMode: opts.cacheMode,
    retry: { ...DEFAULT_RETRY, maxAttempts: suite.maxAttempts },
    retryDeps: { sleep: deps.sleep, random: deps.random },
    timeoutMs: suite.timeoutMs,
    signal,
    now: deps.now,
    tokenizer,
  };
  const sampleDeps = {
    ...meter,
    scorers: suite.config.scorers.map((s, i) => createScorer(s, i)),
    pass: suite.pass,
    task: suite.config.task,
    makeJudge: makeJudgeFactory(rp.judges, rp.providers, meter, judgeScorerNames(suite)),
  };
  // one queue per endpoint; samples go in case-major order so every candidate advances together
  const groups = [
    ...groupByEndpoint(
      plan.candidates,
      (c) => rp.providers.get(c.model.id)!,
      (c) => opts.concurrency ?? c.model.concurrency ?? suite.concurrency,
    ).values(),
  ];
  const stoppers = earlyStopOn ? createStoppers(suite, plan, groups) : new Map<string, EarlyStopper>();
  const state: RunState = {
    ...tally,
    ...rp,
    ...b,
    cache,
    sampleDeps,
    groups,
    slots: new Map(groups.flatMap((g) => g.candidates.map((c) => [c.model.id, g.slots] as const))),
    stoppers,
    stopped: new Map(),
    failedModels: new Map(),
    firstFinished: new Map(),
    repeatingStops: new Map(),
    stoppedReason: null,
    replayMiss: null,
    internal,
    signal,
  };
  for (const r of earlier) {
    const index = plan.indexOf(r.caseId, r.repeat);
    if (index !== undefined) earlyStop(state, r.candidate, index, r.passed);
  }
  return state;
}

/** Folds the records of a resumed run into the tallies and the ledger. */
function tallyPrevious(
  suite: ResolvedSuite,
  plan: Plan,
  ledger: Ledger,
  previous: Iterable<SampleRecord>,
  earlyStopOn: boolean,
): { tally: RunTally; earlier: EarlierResult[] } {
  const tally: RunTally = {
    agg: createAggregator(
      plan.candidates.map((c) => ({
        id: c.id,
        model: c.model.id,
        prompt: c.prompt.id,
        provider: c.model.provider,
        planned: plan.perCandidate,
        repeats: plan.repeats,
      })),
      { groups: suite.config.groupBy ? caseGroupsOf(suite.config.groupBy, plan.cases) : null },
    ),
    // cascades are simulated from the per-case results, so every record feeds them too
    cascades: suite.config.cascades?.length
      ? createCascadeCollector(cascadeSpecsOfSuite(suite.config))
      : null,
    done: new Set(),
    savedByCacheUsd: 0,
  };
  // what the early stoppers need of the earlier records, kept so records.jsonl is read only once
  const earlier: EarlierResult[] = [];
  for (const r of previous) {
    tally.done.add(plan.keyOf(r.candidate, r.caseId, r.repeat));
    if (earlyStopOn)
      earlier.push({
        candidate: r.candidate,
        caseId: r.caseId,
        repeat: r.repeat,
        passed: passedOrNull(r),
      });
    tally.agg.add(r);
    tally.cascades?.add(r);
    ledger.addSpent(r.spentUsd ?? 0, 'candidate');
    if (r.judge) ledger.addSpent(r.judge.spentUsd ?? 0, 'judge');
    tally.savedByCacheUsd += savedByCache(r);
  }
  return { tally, earlier };
}

/**
 * The run's own simulator, its code loaded only for a run that has a sim model. It keeps no request
 * log: nobody reads it, and it would grow with the run.
 */
async function startOwnSim(): Promise<SimServer> {
  const { startSimServer } = await import('../providers/sim/server.ts');
  return startSimServer({ logLimit: 0 });
}

/** Starts the simulator when a model needs it, and makes every candidate's and judge's provider. */
async function startProviders(suite: ResolvedSuite, plan: Plan, deps: RunDeps): Promise<RunProviders> {
  const judges = resolveJudges(suite);
  const models = [...new Set([...plan.candidates.map((c) => c.model), ...judges.values()])];
  const needsSim = models.some((m) => m.provider === 'sim');
  const sim = deps.sim ?? (needsSim ? await startOwnSim() : undefined);
  const ownsSim = !deps.sim && sim !== undefined;
  const redactor = deps.redactor ?? createRedactor();
  try {
    const providers = createProviders(
      models,
      { env: deps.env, simBaseURL: sim?.openaiBaseURL, fetch: deps.fetch, redactor },
      suite.file,
    );
    return { providers, judges, redactor, sim, ownsSim };
  } catch (err) {
    if (ownsSim) await sim!.close();
    throw err;
  }
}

/** Early stop decides on plan-order prefixes, so which samples run never depends on timing. */
function createStoppers(
  suite: ResolvedSuite,
  plan: Plan,
  groups: EndpointGroup[],
): Map<string, EarlyStopper> {
  const stoppers = new Map<string, EarlyStopper>();
  for (const g of groups) {
    for (const c of g.candidates) {
      // a cascade step must answer every case the cascade may route to it
      if (suite.config.cascades?.some((k) => k.steps.includes(c.id))) continue;
      stoppers.set(
        c.id,
        createEarlyStopper({
          planned: plan.perCandidate,
          bar: suite.qualityBar!,
          // samples past the window wait for a decision: which run does not depend on how many are under way
          window: g.slots.size,
          repeats: plan.repeats,
        }),
      );
    }
  }
  return stoppers;
}

/** Feeds a finished sample to its candidate's early stopper; marks the candidate when it stops. */
/** true passed, false failed, null not scored (src/analysis/outcome.ts). */
export function passedOrNull(r: Pick<SampleRecord, 'status' | 'error'>): boolean | null {
  const outcome = outcomeOf(r);
  return outcome === 'not_scored' ? null : outcome === 'passed';
}

export function earlyStop(state: RunState, candidate: string, index: number, passed: boolean | null): void {
  const reason = state.stoppers.get(candidate)?.finish(index, passed);
  if (reason) {
    state.stopped.set(candidate, reason);
    state.agg.stopEarly(candidate, reason);
  }
}

/** Wakes every sample waiting on an early stopper: the rest of the plan will not finish. */
export function releaseAll(state: RunState): void {
  for (const s of state.stoppers.values()) s.release();
}

/** The model cannot run: its candidates stop with the error. */
export function failModel(state: RunState, modelId: string, error: SampleError): void {
  state.failedModels.set(modelId, error);
  for (const other of state.plan.candidates) {
    if (other.model.id !== modelId) continue;
    state.agg.stopWithError(other.id, error);
    state.stoppers.get(other.id)?.release();
  }
}

/** Dispatching ends on an interrupt, a replay miss or a budget that ran out. */
export function dispatchingStopped(state: RunState): boolean {
  return state.signal.aborted || state.stoppedReason === 'budget' || state.ledger.exhausted();
}

/** Closes the simulator the run started. */
export async function closeRun(rp: RunProviders): Promise<void> {
  if (rp.ownsSim) await rp.sim!.close();
}
