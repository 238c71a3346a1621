import type { Candidate, ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { ScorerConfig } from '../config/schema.ts';
import { addCost } from '../pricing/compute-cost.ts';
import { loadTokenizer } from '../pricing/tokenizer.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { Provider } from '../providers/provider.ts';
import { chatRequest } from '../runner/chat-request.ts';
import { resolveJudges } from '../runner/judges.ts';
import { planCases } from '../runner/plan.ts';
import { selectCandidates } from '../runner/selection.ts';
import { prepareOutput } from '../scorers/scorer.ts';
import { outlook } from './budget-outlook.ts';
import type { CandidateEstimate, EstimateOptions, SuiteEstimate } from './estimate-types.ts';
import { judgeFromGuess, judgeWorstCase, safeJudgeMessages } from './judge-estimate.ts';
import { offlineProviders } from './offline-providers.ts';
import {
  type CallEstimate,
  type CallTarget,
  createHistory,
  fromCache,
  fromGuess,
  type History,
  lookUp,
  referenceTokens,
} from './sample-estimate.ts';

export type { BudgetOutlook, CandidateEstimate, EstimateOptions, SuiteEstimate } from './estimate-types.ts';

/** A prompt that asks the model to reason before it answers. */
const ASKS_FOR_REASONING = /step by step|\bthink\b|\breason|\bexplain/i;

/**
 * Estimates a run with no request sent: samples, tokens counted locally, expected and worst-case
 * cost per candidate and in total, against the budget, and the time it would take. Expected output
 * tokens come from the cache where it holds the sample (exact), else the mean of the candidate's
 * cached samples, else the reference answer's length, else maxTokens.
 */
export async function estimateSuite(suite: ResolvedSuite, opts: EstimateOptions): Promise<SuiteEstimate> {
  await loadTokenizer();
  const notes: string[] = [];
  const candidates = selectCandidates(suite, opts);
  const repeats = opts.repeats ?? suite.repeats;
  const cases = planCases(suite.cases, { seed: suite.seed, sample: opts.sample, shard: opts.shard });
  const budgetUsd = opts.budgetUsd !== undefined ? opts.budgetUsd : suite.budgetUsd;
  const judges = resolveJudges(suite, opts.allowUnpriced);
  const providers = offlineProviders(
    [...candidates.map((c) => c.model), ...judges.values()],
    opts.env,
    suite.file,
    notes,
  );
  const judgeScorers = suite.config.scorers.flatMap((s, i) =>
    s.type === 'llmJudge' ? [{ s, target: target(judges.get(`judge:${i}`)!, providers) }] : [],
  );
  const refField = referenceField(suite.config.scorers);
  const judgeHistory = createHistory();

  interface Pending {
    c: Candidate;
    fields: Record<string, unknown>;
    request: ReturnType<typeof chatRequest>;
    est: CallEstimate | null;
    judged: Array<CallEstimate | null>;
  }
  const perCandidate = new Map<string, { pending: Pending[]; history: History }>();

  // pass 1: what the cache knows, exactly
  for (const c of candidates) {
    const t = target(c.model, providers);
    const history = createHistory();
    const pending: Pending[] = [];
    perCandidate.set(c.id, { pending, history });
    if (suite.config.task) continue;
    for (const cs of cases) {
      const messages = renderPrompt(c.prompt, cs.fields, cs.id);
      const request = chatRequest(c.model, messages);
      for (let repeat = 0; repeat < repeats; repeat++) {
        const hit = await lookUp(opts.cache, t, request, repeat);
        const est = hit ? fromCache(t, request, hit) : null;
        if (est) history.add(est);
        const judged: Array<CallEstimate | null> = [];
        for (const j of judgeScorers) {
          let je: CallEstimate | null = null;
          if (hit) {
            const jm = safeJudgeMessages(
              j.s,
              cs.fields,
              prepareOutput(hit.text, { ...j.s, ignoreCase: false }).text,
            );
            const jreq = chatRequest(j.target.model, jm);
            const jhit = await lookUp(opts.cache, j.target, jreq, 0);
            if (jhit) {
              je = {
                ...fromCache(j.target, jreq, jhit),
                worstCaseUsd: judgeWorstCase(j.s, cs.fields, c.model, j.target.model),
              };
              judgeHistory.add(je);
            }
          }
          judged.push(je);
        }
        pending.push({ c, fields: cs.fields, request, est, judged });
      }
    }
  }

  // pass 2: the rest, from history, the reference answer or maxTokens
  const groups = new Map<
    string,
    { endpoint: string; concurrency: number; samples: number; totalMs: number; maxMs: number }
  >();
  const out: CandidateEstimate[] = [];
  // judges' spend: their cache hits are free when the run reads the cache
  let judgeExpectedSpend: number | null = 0;
  let judgeWorstSpend: number | null = 0;
  for (const c of candidates) {
    const { pending, history } = perCandidate.get(c.id)!;
    const t = target(c.model, providers);
    const e = emptyCandidate(c, cases.length * repeats);
    const key = `${t.provider.name}|${t.provider.endpoint}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        endpoint: t.provider.endpoint,
        concurrency: opts.concurrency ?? c.model.concurrency ?? suite.concurrency,
        samples: 0,
        totalMs: 0,
        maxMs: 0,
      };
      groups.set(key, g);
    }
    for (const p of pending) {
      const est =
        p.est ??
        fromGuess(t, p.request, outputGuess(c.model, history, p.fields[refField]), history.latencyMs());
      const free = est.cached && opts.cacheUsed;
      e.cachedSamples += est.cached ? 1 : 0;
      e.promptTokens += est.promptTokens;
      e.outputTokens += est.outputTokens;
      e.outputFrom[est.outputFrom as keyof CandidateEstimate['outputFrom']]++;
      e.expectedUsd = addCost(e.expectedUsd, est.expectedUsd);
      e.worstCaseUsd = addCost(e.worstCaseUsd, est.worstCaseUsd);
      e.expectedSpendUsd = addCost(e.expectedSpendUsd, free ? 0 : est.expectedUsd);
      e.worstCaseSpendUsd = addCost(e.worstCaseSpendUsd, free ? 0 : est.worstCaseUsd);
      let ms = free ? 0 : est.latencyMs;
      judgeScorers.forEach((j, i) => {
        const je =
          p.judged[i] ?? judgeFromGuess(j.s, j.target, p.fields, p.fields[refField], c.model, judgeHistory);
        const jfree = je.cached && opts.cacheUsed;
        e.judgeExpectedUsd = addCost(e.judgeExpectedUsd, je.expectedUsd);
        e.judgeWorstCaseUsd = addCost(e.judgeWorstCaseUsd, je.worstCaseUsd);
        judgeExpectedSpend = addCost(judgeExpectedSpend, jfree ? 0 : je.expectedUsd);
        judgeWorstSpend = addCost(judgeWorstSpend, jfree ? 0 : je.worstCaseUsd);
        ms += jfree ? 0 : je.latencyMs;
      });
      g.samples++;
      g.totalMs += ms;
      g.maxMs = Math.max(g.maxMs, ms);
    }
    if (suite.config.task) {
      for (const k of [
        'expectedUsd',
        'worstCaseUsd',
        'expectedSpendUsd',
        'worstCaseSpendUsd',
        'judgeExpectedUsd',
        'judgeWorstCaseUsd',
      ] as const)
        e[k] = null;
    }
    out.push(e);
  }

  if (suite.config.task) {
    notes.push(
      'This suite runs a task: its calls per sample are decided at run time, so no cost can be counted in advance. Fix: run a few cases first (`--sample 10`) and read their cost per sample.',
    );
  }
  const unpriced = [
    ...new Set(
      [...candidates.map((c) => c.model), ...judges.values()]
        .filter((m) => m.price === null)
        .map((m) => m.id),
    ),
  ];
  if (unpriced.length > 0)
    notes.push(`No price for ${unpriced.join(', ')}: their cost is unknown (—), and so is the total.`);

  const sum = (
    k: keyof Pick<
      CandidateEstimate,
      | 'expectedUsd'
      | 'worstCaseUsd'
      | 'expectedSpendUsd'
      | 'worstCaseSpendUsd'
      | 'judgeExpectedUsd'
      | 'judgeWorstCaseUsd'
    >,
  ) => out.reduce<number | null>((s, e) => addCost(s, e[k]), 0);
  const judgeExpected = sum('judgeExpectedUsd');
  const judgeWorst = sum('judgeWorstCaseUsd');
  if (suite.config.task) judgeExpectedSpend = judgeWorstSpend = null;
  const samples = out.reduce((s, e) => s + e.samples, 0);
  const cachedSamples = out.reduce((s, e) => s + e.cachedSamples, 0);
  const expectedSpendUsd = addCost(sum('expectedSpendUsd'), judgeExpectedSpend);
  const worstCaseSpendUsd = addCost(sum('worstCaseSpendUsd'), judgeWorstSpend);
  const endpoints = [...groups.values()].map((g) => ({
    endpoint: g.endpoint,
    concurrency: g.concurrency,
    samples: g.samples,
    durationMs: Math.round(Math.max(g.totalMs / g.concurrency, g.maxMs)),
  }));
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
    judge: judgeScorers.length > 0 ? { expectedUsd: judgeExpected, worstCaseUsd: judgeWorst } : null,
    durationMs: endpoints.reduce((m, g) => Math.max(m, g.durationMs), 0),
    endpoints,
    qualityBar: suite.qualityBar,
    earlyStop: suite.earlyStop && suite.qualityBar !== null,
    candidates: out,
    notes,
  };
}

function outputGuess(
  model: ResolvedModel,
  history: History,
  reference: unknown,
): { tokens: number; from: CallEstimate['outputFrom'] } {
  const h = history.outputTokens();
  if (h !== null) return { tokens: h, from: 'history' };
  const r = referenceTokens(model.provider, reference);
  if (r !== null) return { tokens: r, from: 'reference' };
  return { tokens: model.params.maxTokens, from: 'maxTokens' };
}

/** The dataset column holding the reference answer: the first text scorer's `field`, else `expected`. */
function referenceField(scorers: ScorerConfig[]): string {
  for (const s of scorers) if (s.type !== 'custom' && s.type !== 'llmJudge' && s.field) return s.field;
  return 'expected';
}

function target(model: ResolvedModel, providers: Map<string, Provider>): CallTarget {
  return { model, provider: providers.get(model.id)! };
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
  };
}
