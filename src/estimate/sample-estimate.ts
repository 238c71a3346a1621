import { type CachedResponse, type ResponseCache, requestCacheKey } from '../cache/response-cache.ts';
import type { ResolvedModel } from '../config/resolved.ts';
import { computeCost, worstCaseCost } from '../pricing/compute-cost.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import { costAtTariff } from '../pricing/tariff.ts';
import type { Tokenizer } from '../pricing/tokenizer.ts';
import { promptTokensOf, type Tokens } from '../pricing/tokens.ts';
import type { ChatRequest, Provider } from '../providers/provider.ts';
import { SIM_MODELS, simLatency } from '../providers/sim/brain.ts';
import { reasoningDefault } from './reasoning-defaults.ts';

/** Output tokens assumed for a judge's verdict when no history says otherwise (a one-sentence JSON). */
export const VERDICT_TOKENS = 40;

/** Latency assumed for a hosted API with no history: time to first token plus a steady rate. */
export const DEFAULT_FIRST_TOKEN_MS = 500;
export const DEFAULT_MS_PER_OUTPUT_TOKEN = 20;

/** One call's figures. Costs are null when the model is unpriced. */
export interface CallEstimate {
  /** The cache holds this exact request: its real usage is known and a run pays $0 for it. */
  cached: boolean;
  promptTokens: number;
  /** Output tokens, hidden reasoning included. */
  outputTokens: number;
  /** The hidden reasoning part of `outputTokens`. */
  reasoningTokens: number;
  /** Where the reasoning tokens came from; null when there are none. */
  reasoningFrom: 'cache' | 'history' | 'default' | null;
  /** List-price cost; a cache hit's at the tariff it was bought at. */
  expectedUsd: number | null;
  /** What the budget reserves for one attempt: counted prompt tokens plus a full maxTokens reply. */
  worstCaseUsd: number | null;
  latencyMs: number;
  /** Where the output tokens came from. */
  outputFrom: 'cache' | 'history' | 'reference' | 'maxTokens' | 'verdict';
}

/** Where a call is sent and how to price it; built with no network. */
export interface CallTarget {
  model: ResolvedModel;
  provider: Provider;
  /** The estimate's exact tokenizer. */
  tokenizer: Tokenizer;
}

/** Looks a request up in the cache, by the same key the runner uses. */
export async function lookUp(
  cache: ResponseCache | null,
  target: CallTarget,
  request: ChatRequest,
  repeat: number,
): Promise<CachedResponse | null> {
  if (!cache) return null;
  return cache.get(requestCacheKey(target.provider, request, repeat));
}

/**
 * The best guess of a prompt's tokens: the exact chat-format count with gpt-tokenizer for OpenAI
 * and the simulator, and the documented over-estimate of src/pricing/count-tokens.ts for others.
 */
export function expectedPromptTokens(
  provider: ResolvedModel['provider'],
  messages: ReadonlyArray<{ content: string }>,
  tokenizer: Tokenizer,
): number {
  if (provider === 'anthropic') return countPromptTokens(provider, messages, tokenizer);
  let n = 3;
  for (const m of messages) n += 4 + tokenizer.count(m.content);
  return n;
}

/**
 * The figures of a call whose response the cache holds: its usage as recorded (reasoning
 * included), valued at the tariff it was bought at as a replay records it (list price for an
 * entry that kept none).
 */
export function fromCache(target: CallTarget, request: ChatRequest, hit: CachedResponse): CallEstimate {
  const t = hit.tokens;
  return {
    cached: true,
    promptTokens: promptTokensOf(t),
    outputTokens: t.output,
    reasoningTokens: t.reasoning,
    reasoningFrom: t.reasoning > 0 ? 'cache' : null,
    expectedUsd: hit.tariff ? costAtTariff(hit.tariff, t) : computeCost(target.model.price, t),
    worstCaseUsd: worstCase(target.model, request.messages, target.tokenizer),
    latencyMs: hit.latencyMs,
    outputFrom: 'cache',
  };
}

/** Expected hidden reasoning tokens of a call, and where the figure came from. */
export interface ReasoningGuess {
  tokens: number;
  from: 'history' | 'default';
}

/**
 * The figures of a call the cache does not hold, with the output tokens from the best source.
 * `output.reasoning` is the hidden part of `output.tokens`; both are capped at maxTokens, which
 * counts reasoning too.
 */
export function fromGuess(
  target: CallTarget,
  request: ChatRequest,
  output: { tokens: number; from: CallEstimate['outputFrom']; reasoning?: ReasoningGuess | null },
  historyLatencyMs: number | null,
): CallEstimate {
  const m = target.model;
  const promptTokens = expectedPromptTokens(m.provider, request.messages, target.tokenizer);
  const outputTokens = Math.min(m.params.maxTokens, Math.max(1, Math.round(output.tokens)));
  const reasoningTokens = Math.min(outputTokens, Math.round(output.reasoning?.tokens ?? 0));
  return {
    cached: false,
    promptTokens,
    outputTokens,
    reasoningTokens,
    reasoningFrom: reasoningTokens > 0 ? output.reasoning!.from : null,
    expectedUsd: computeCost(m.price, tokensOf(promptTokens, outputTokens, reasoningTokens)),
    worstCaseUsd: worstCase(m, request.messages, target.tokenizer),
    latencyMs: historyLatencyMs ?? defaultLatency(m, outputTokens),
    outputFrom: output.from,
  };
}

/** Exactly what the ledger reserves for one attempt of this request. */
export function worstCase(
  model: ResolvedModel,
  messages: ReadonlyArray<{ content: string }>,
  tokenizer: Tokenizer,
  extraPromptTokens = 0,
): number | null {
  return worstCaseCost(
    model.price,
    countPromptTokens(model.provider, messages, tokenizer) + extraPromptTokens,
    model.params.maxTokens,
  );
}

/** Output tokens from the reference answer: its token count plus one for the end of the message. */
export function referenceTokens(
  provider: ResolvedModel['provider'],
  reference: unknown,
  tokenizer: Tokenizer,
): number | null {
  if (reference === undefined || reference === null) return null;
  const text = typeof reference === 'string' ? reference : JSON.stringify(reference);
  return (provider === 'anthropic' ? Math.ceil(text.length / 3) : tokenizer.count(text)) + 1;
}

/** The simulator's own latency model for its tiers; otherwise a typical hosted-API rate. */
export function defaultLatency(model: ResolvedModel, outputTokens: number): number {
  const sim = model.provider === 'sim' ? SIM_MODELS[model.model] : undefined;
  if (sim) return simLatency(sim, outputTokens);
  return DEFAULT_FIRST_TOKEN_MS + DEFAULT_MS_PER_OUTPUT_TOKEN * outputTokens;
}

function tokensOf(prompt: number, output: number, reasoning: number): Tokens {
  return { input: prompt, cacheRead: 0, cacheWrite: 0, output, reasoning };
}

/** Running means over cache hits, for the samples the cache does not hold. */
export interface History {
  add(e: CallEstimate): void;
  /** Mean output tokens, reasoning included. */
  outputTokens(): number | null;
  /** Mean hidden reasoning tokens (part of outputTokens). */
  reasoningTokens(): number | null;
  latencyMs(): number | null;
}

export function createHistory(): History {
  let n = 0;
  let output = 0;
  let reasoning = 0;
  let latency = 0;
  return {
    add(e) {
      n++;
      output += e.outputTokens;
      reasoning += e.reasoningTokens;
      latency += e.latencyMs;
    },
    outputTokens: () => (n > 0 ? output / n : null),
    reasoningTokens: () => (n > 0 ? reasoning / n : null),
    latencyMs: () => (n > 0 ? latency / n : null),
  };
}

/**
 * The output tokens a call is expected to take, reasoning included: the cached history's mean
 * (which holds the reasoning), else `visible` (the reference answer's length) plus the model's
 * default reasoning (src/estimate/reasoning-defaults.ts), else maxTokens.
 */
export function outputWithReasoning(
  model: ResolvedModel,
  history: History,
  visible: { tokens: number; from: CallEstimate['outputFrom'] } | null,
): { tokens: number; from: CallEstimate['outputFrom']; reasoning: ReasoningGuess | null } {
  const h = history.outputTokens();
  if (h !== null) {
    const r = history.reasoningTokens() ?? 0;
    return { tokens: h, from: 'history', reasoning: r > 0 ? { tokens: r, from: 'history' } : null };
  }
  const d = reasoningDefault(model);
  const reasoning = d ? { tokens: d.tokens, from: 'default' as const } : null;
  if (visible !== null) return { ...visible, tokens: visible.tokens + (d?.tokens ?? 0), reasoning };
  return { tokens: model.params.maxTokens, from: 'maxTokens', reasoning };
}
