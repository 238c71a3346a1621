import type { Candidate, ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { ScorerConfig } from '../config/schema.ts';
import { addCost } from '../pricing/compute-cost.ts';
import { exactTokenizer, type Tokenizer } from '../pricing/tokenizer.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { Provider } from '../providers/provider.ts';
import { chatRequest } from '../runner/chat-request.ts';
import { resolveJudges } from '../runner/judges.ts';
import { makePlan, type Plan } from '../runner/plan.ts';
import { prepareOutput } from '../scorers/scorer.ts';
import { outlook } from './budget-outlook.ts';
import type { CandidateEstimate, EstimateOptions, SuiteEstimate } from './estimate-types.ts';
import { judgeFromGuess, judgeWorstCase, safeJudgeMessages } from './judge-estimate.ts';
import { offlineProviders } from './offline-providers.ts';
import { reasoningDefault } from './reasoning-defaults.ts';
import {
  type CallEstimate,
  type CallTarget,
  createHistory,
  fromCache,
  fromGuess,
  type History,
  lookUp,
  outputWithReasoning,
  referenceTokens,
} from './sample-estimate.ts';
import { planSampleSize } from './sample-size-plan.ts';

export type { BudgetOutlook, CandidateEstimate, EstimateOptions, SuiteEstimate } from './estimate-types.ts';

/** A prompt that asks the model to reason before it answers. */
const ASKS_FOR_REASONING = /step by step|\bthink\b|\breason|\bexplain/i;

type JudgeScorer = Extract<ScorerConfig, { type: 'llmJudge' }>;

/** What every step of an estimate reads: the plan, the offline providers, the judges. */
interface EstimateContext {
  suite: ResolvedSuite;
  opts: EstimateOptions;
  plan: Plan;
  tokenizer: Tokenizer;
  providers: Map<string, Provider>;
  judgeModels: ResolvedModel[];
  judgeScorers: Array<{ s: JudgeScorer; target: CallTarget }>;
  /** The dataset column holding the reference answer. */
  refField: string;
  judgeHistory: History;
  notes: string[];
}

/** One planned sample, with what the cache knows of it. */
interface Pending {
  fields: Record<string, unknown>;
  request: ReturnType<typeof chatRequest>;
  est: CallEstimate | null;
  judged: Array<CallEstimate | null>;
}

interface CandidateCalls {
  pending: Pending[];
  history: History;
}

/** The time model of one endpoint: its samples' latencies over its concurrency. */
interface EndpointLoad {
  endpoint: string;
  concurrency: number;
  samples: number;
  totalMs: number;
  maxMs: number;
}

/** What the judges would spend, their cache hits free when the run reads the cache. */
interface JudgeSpend {
  expected: number | null;
  worst: number | null;
}

/**
 * Estimates a run with no request sent: samples, tokens counted locally, expected and worst-case
 * cost per candidate and in total, against the budget, and the time it would take. Expected output
 * tokens come from the cache where it holds the sample (exact), else the mean of the candidate's
 * cached samples, else the reference answer's length, else maxTokens.
 * @param plan the run's plan, when the caller has it @default made from the suite and opts
 */
export async function estimateSuite(
  suite: ResolvedSuite,
  opts: EstimateOptions,
  plan: Plan = makePlan(suite, opts),
): Promise<SuiteEstimate> {
  const ctx = openEstimate(suite, opts, plan, exactTokenizer);
  // pass 1: what the cache knows, exactly
  const calls = new Map<string, CandidateCalls>();
  for (const c of plan.candidates) calls.set(c.id, await readCached(ctx, c));
  // pass 2: the rest, from history, the reference answer or maxTokens
  const loads = new Map<string, EndpointLoad>();
  const judgeSpend: JudgeSpend = { expected: 0, worst: 0 };
  const out = plan.candidates.map((c) => estimateCandidate(ctx, c, calls.get(c.id)!, loads, judgeSpend));
  if (suite.config.task) judgeSpend.expected = judgeSpend.worst = null;
  return totalOf(ctx, out, [...loads.values()], judgeSpend);
}

function openEstimate(
  suite: ResolvedSuite,
  opts: EstimateOptions,
  plan: Plan,
  tokenizer: Tokenizer,
): EstimateContext {
  const notes: string[] = [];
  const judges = resolveJudges(suite, opts.allowUnpriced);
  const judgeModels = [...judges.values()];
  const providers = offlineProviders(
    [...plan.candidates.map((c) => c.model), ...judgeModels],
    opts.env,
    suite.file,
    notes,
  );
  const judgeScorers = suite.config.scorers.flatMap((s, i) =>
    s.type === 'llmJudge' ? [{ s, target: targetOf(judges.get(`judge:${i}`)!, providers, tokenizer) }] : [],
  );
  return {
    suite,
    opts,
    plan,
    tokenizer,
    providers,
    judgeModels,
    judgeScorers,
    refField: referenceField(suite.config.scorers),
    judgeHistory: createHistory(),
    notes,
  };
}

/** Pass 1 for one candidate: every planned sample, with its cached response and judge verdicts. */
async function readCached(ctx: EstimateContext, c: Candidate): Promise<CandidateCalls> {
  const t = targetOf(c.model, ctx.providers, ctx.tokenizer);
  const history = createHistory();
  const pending: Pending[] = [];
  if (ctx.suite.config.task) return { pending, history };
  for (const cs of ctx.plan.cases) {
    const request = chatRequest(c.model, renderPrompt(c.prompt, cs.fields, cs.id));
    for (let repeat = 0; repeat < ctx.plan.repeats; repeat++) {
      const hit = await lookUp(ctx.opts.cache, t, request, repeat);
      const est = hit ? fromCache(t, request, hit) : null;
      if (est) history.add(est);
      const judged: Array<CallEstimate | null> = [];
      for (const j of ctx.judgeScorers) {
        judged.push(hit ? await cachedVerdict(ctx, j, cs.fields, hit.text, c.model) : null);
      }
      pending.push({ fields: cs.fields, request, est, judged });
    }
  }
  return { pending, history };
}

/** A judge's verdict on a cached response, when the cache holds that too. */
async function cachedVerdict(
  ctx: EstimateContext,
  j: { s: JudgeScorer; target: CallTarget },
  fields: Record<string, unknown>,
  response: string,
  candidateModel: ResolvedModel,
): Promise<CallEstimate | null> {
  const jm = safeJudgeMessages(j.s, fields, prepareOutput(response, { ...j.s, ignoreCase: false }).text);
  const jreq = chatRequest(j.target.model, jm);
  const jhit = await lookUp(ctx.opts.cache, j.target, jreq, 0);
  if (!jhit) return null;
  const je = {
    ...fromCache(j.target, jreq, jhit),
    worstCaseUsd: judgeWorstCase(j.s, fields, candidateModel, j.target),
  };
  ctx.judgeHistory.add(je);
  return je;
}

/** Pass 2 for one candidate: its figures, its samples' time on its endpoint, its judges' spend. */
function estimateCandidate(
  ctx: EstimateContext,
  c: Candidate,
  calls: CandidateCalls,
  loads: Map<string, EndpointLoad>,
  judgeSpend: JudgeSpend,
): CandidateEstimate {
  const t = targetOf(c.model, ctx.providers, ctx.tokenizer);
  const e = emptyCandidate(c, ctx.plan.perCandidate);
  const g = loadOf(loads, t, ctx.opts.concurrency ?? c.model.concurrency ?? ctx.suite.concurrency);
  for (const p of calls.pending) {
    const est =
      p.est ??
      fromGuess(
        t,
        p.request,
        outputGuess(c.model, calls.history, p.fields[ctx.refField], ctx.tokenizer),
        calls.history.latencyMs(),
      );
    const ms = addSample(e, est, ctx.opts.cacheUsed) + addJudges(ctx, e, p, c.model, judgeSpend);
    g.samples++;
    g.totalMs += ms;
    g.maxMs = Math.max(g.maxMs, ms);
  }
  if (ctx.suite.config.task) {
    for (const k of COST_KEYS) e[k] = null;
  }
  return e;
}

const COST_KEYS = [
  'expectedUsd',
  'worstCaseUsd',
  'expectedSpendUsd',
  'worstCaseSpendUsd',
  'judgeExpectedUsd',
  'judgeWorstCaseUsd',
] as const;

function loadOf(loads: Map<string, EndpointLoad>, t: CallTarget, concurrency: number): EndpointLoad {
  const key = `${t.provider.name}|${t.provider.endpoint}`;
  let g = loads.get(key);
  if (!g) {
    g = { endpoint: t.provider.endpoint, concurrency, samples: 0, totalMs: 0, maxMs: 0 };
    loads.set(key, g);
  }
  return g;
}

/** Adds one sample's call to the candidate's figures; returns the time it would take. */
function addSample(e: CandidateEstimate, est: CallEstimate, cacheUsed: boolean): number {
  const free = est.cached && cacheUsed;
  e.cachedSamples += est.cached ? 1 : 0;
  e.promptTokens += est.promptTokens;
  e.outputTokens += est.outputTokens;
  e.outputFrom[est.outputFrom as keyof CandidateEstimate['outputFrom']]++;
  e.reasoningTokens += est.reasoningTokens;
  if (est.reasoningFrom) e.reasoningFrom[est.reasoningFrom]++;
  if (est.reasoningFrom === 'history' || est.reasoningFrom === 'default') e.reasoningEstimated = true;
  e.expectedUsd = addCost(e.expectedUsd, est.expectedUsd);
  e.worstCaseUsd = addCost(e.worstCaseUsd, est.worstCaseUsd);
  e.expectedSpendUsd = addCost(e.expectedSpendUsd, free ? 0 : est.expectedUsd);
  e.worstCaseSpendUsd = addCost(e.worstCaseSpendUsd, free ? 0 : est.worstCaseUsd);
  return free ? 0 : est.latencyMs;
}

/** Adds one sample's judge calls; returns the time they would take. */
function addJudges(
  ctx: EstimateContext,
  e: CandidateEstimate,
  p: Pending,
  candidateModel: ResolvedModel,
  spend: JudgeSpend,
): number {
  let ms = 0;
  ctx.judgeScorers.forEach((j, i) => {
    const je =
      p.judged[i] ??
      judgeFromGuess(j.s, j.target, p.fields, p.fields[ctx.refField], candidateModel, ctx.judgeHistory);
    const jfree = je.cached && ctx.opts.cacheUsed;
    e.judgeExpectedUsd = addCost(e.judgeExpectedUsd, je.expectedUsd);
    e.judgeWorstCaseUsd = addCost(e.judgeWorstCaseUsd, je.worstCaseUsd);
    spend.expected = addCost(spend.expected, jfree ? 0 : je.expectedUsd);
    spend.worst = addCost(spend.worst, jfree ? 0 : je.worstCaseUsd);
    ms += jfree ? 0 : je.latencyMs;
  });
  return ms;
}

/** The suite's totals, the time on the slowest endpoint, the budget outlook and the notes. */
function totalOf(
  ctx: EstimateContext,
  out: CandidateEstimate[],
  loads: EndpointLoad[],
  judgeSpend: JudgeSpend,
): SuiteEstimate {
  const { suite, opts } = ctx;
  const budgetUsd = opts.budgetUsd !== undefined ? opts.budgetUsd : suite.budgetUsd;
  const sum = (k: (typeof COST_KEYS)[number]) => out.reduce<number | null>((s, e) => addCost(s, e[k]), 0);
  const judgeExpected = sum('judgeExpectedUsd');
  const judgeWorst = sum('judgeWorstCaseUsd');
  const samples = out.reduce((s, e) => s + e.samples, 0);
  const cachedSamples = out.reduce((s, e) => s + e.cachedSamples, 0);
  const expectedSpendUsd = addCost(sum('expectedSpendUsd'), judgeSpend.expected);
  const worstCaseSpendUsd = addCost(sum('worstCaseSpendUsd'), judgeSpend.worst);
  const endpoints = loads.map((g) => ({
    endpoint: g.endpoint,
    concurrency: g.concurrency,
    samples: g.samples,
    durationMs: Math.round(Math.max(g.totalMs / g.concurrency, g.maxMs)),
  }));
  return {
    suite: suite.name,
    samples,
    cachedSamples,
    expectedUsd: addCost(sum('expectedUsd'), judgeExpected),
    worstCaseUsd: addCost(sum('worstCaseUsd'), judgeWorst),
    expectedSpendUsd,
    worstCaseSpendUsd,
    budgetUsd,
    budget: outlook(budgetUsd, expectedSpendUsd, worstCaseSpendUsd, samples, cachedSamples, opts.cacheUsed),
    judge: ctx.judgeScorers.length > 0 ? { expectedUsd: judgeExpected, worstCaseUsd: judgeWorst } : null,
    durationMs: endpoints.reduce((m, g) => Math.max(m, g.durationMs), 0),
    endpoints,
    qualityBar: suite.qualityBar,
    earlyStop: suite.earlyStop && suite.qualityBar !== null,
    // the estimate knows no pass rates yet: the planner assumes the best case
    planner: planSampleSize({
      cases: ctx.plan.cases.length,
      qualityBar: suite.qualityBar,
      maxAccuracyDrop: suite.gate.maxAccuracyDrop,
      expectedAccuracy: null,
    }),
    candidates: out,
    notes: [...ctx.notes, ...notesOf(ctx, out)],
  };
}

/** What the figures assume, for the reader: tasks, unpriced models, reasoning prompts, early stop. */
function notesOf(ctx: EstimateContext, out: CandidateEstimate[]): string[] {
  const { suite } = ctx;
  const notes: string[] = [];
  if (suite.config.task) {
    notes.push(
      'This suite runs a task: its calls per sample are decided at run time, so no cost can be counted in advance. Fix: run a few cases first (`--sample 10`) and read their cost per sample.',
    );
  }
  const models = [...ctx.plan.candidates.map((c) => c.model), ...ctx.judgeModels];
  const unpriced = [...new Set(models.filter((m) => m.price === null).map((m) => m.id))];
  if (unpriced.length > 0)
    notes.push(`No price for ${unpriced.join(', ')}: their cost is unknown (—), and so is the total.`);
  const reasoning = [...new Set(out.filter((e) => e.outputFrom.reference > 0).map((e) => e.prompt))].filter(
    (id) => ASKS_FOR_REASONING.test(JSON.stringify(suite.prompts.find((p) => p.id === id))),
  );
  if (reasoning.length > 0) {
    notes.push(
      `Prompt${reasoning.length > 1 ? 's' : ''} ${reasoning.join(', ')} ask${reasoning.length > 1 ? '' : 's'} for reasoning, so real outputs run longer than the reference answer this estimate assumes. Fix: run \`--sample 10\` once; its cached history then sets the output length.`,
    );
  }
  if (suite.earlyStop && suite.qualityBar !== null) {
    notes.push(
      `Early stop is on (bar ${suite.qualityBar}): candidates that cannot reach the bar stop sooner, so a run usually costs less than these figures, which assume every sample runs.`,
    );
  }
  notes.push('The worst case assumes no retries that report usage; the budget is a hard cap either way.');
  return notes;
}

function outputGuess(model: ResolvedModel, history: History, reference: unknown, tokenizer: Tokenizer) {
  const r = referenceTokens(model.provider, reference, tokenizer);
  return outputWithReasoning(model, history, r === null ? null : { tokens: r, from: 'reference' });
}

/** The dataset column holding the reference answer: the first text scorer's `field`, else `expected`. */
function referenceField(scorers: ScorerConfig[]): string {
  for (const s of scorers) if (s.type !== 'custom' && s.type !== 'llmJudge' && s.field) return s.field;
  return 'expected';
}

function targetOf(model: ResolvedModel, providers: Map<string, Provider>, tokenizer: Tokenizer): CallTarget {
  return { model, provider: providers.get(model.id)!, tokenizer };
}

function emptyCandidate(c: Candidate, samples: number): CandidateEstimate {
  return {
    id: c.id,
    model: c.model.id,
    prompt: c.prompt.id,
    provider: c.model.provider,
    samples,
    cachedSamples: 0,
    promptTokens: 0,
    outputTokens: 0,
    expectedUsd: 0,
    worstCaseUsd: 0,
    expectedSpendUsd: 0,
    worstCaseSpendUsd: 0,
    judgeExpectedUsd: 0,
    judgeWorstCaseUsd: 0,
    outputFrom: { cache: 0, history: 0, reference: 0, maxTokens: 0 },
    reasoningTokens: 0,
    reasoningFrom: { cache: 0, history: 0, default: 0 },
    reasoningEstimated: false,
    reasoningDefault: reasoningDefault(c.model),
  };
}
