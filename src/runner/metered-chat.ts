import type { Ledger } from '../budget/ledger.ts';
import { type CachedResponse, type ResponseCache, requestCacheKey } from '../cache/response-cache.ts';
import type { ResolvedModel } from '../config/resolved.ts';
import { ProviderError, UserError } from '../errors.ts';
import type { AttemptRecord, SampleError } from '../log/records-file.ts';
import { computeCost, worstCaseCost } from '../pricing/compute-cost.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import { costAtTariff, type Tariff, tariffOf } from '../pricing/tariff.ts';
import { exactTokenizer, type Tokenizer } from '../pricing/tokenizer.ts';
import type { Tokens } from '../pricing/tokens.ts';
import type { ToolCall } from '../prompt/chat-message.ts';
import type { ChatRequest, ChatResponse, Provider } from '../providers/provider.ts';
import type { RequestSlots } from '../providers/request-slots.ts';
import { RequestNotSent } from '../providers/slotted-client.ts';
import { countedContents } from '../providers/tool-messages.ts';
import { localUsage } from '../providers/usage-estimate.ts';
import { nextTurn } from '../retry/next-turn.ts';
import { type RetryDeps, type RetryPolicy, withRetry } from '../retry/with-retry.ts';

/** Thrown when the budget cannot cover the next attempt. */
export class BudgetStop extends Error {
  override name = 'BudgetStop';
}

/** `--replay` found no cached response. */
export class ReplayMiss extends UserError {
  override name = 'ReplayMiss';
}

export type CacheMode = 'read-write' | 'off' | 'replay';

/** Failures after which nobody knows whether the provider billed the attempt (no HTTP error status). */
const OUTCOME_UNKNOWN = new Set<SampleError['kind']>(['timeout', 'connection', 'malformed']);

export interface MeterDeps {
  ledger: Ledger;
  cache: ResponseCache | null;
  cacheMode: CacheMode;
  retry: RetryPolicy;
  retryDeps: RetryDeps;
  timeoutMs: number;
  signal: AbortSignal;
  now(): number;
  /** Counts prompt tokens for budget reservations (exact when the run has a cap). @default an upper bound */
  tokenizer?: Tokenizer;
  /** The endpoint's request slots: each attempt sends in one (src/providers/request-slots.ts). @default unbounded */
  slots?: RequestSlots;
}

export interface MeteredCall {
  provider: Provider;
  model: ResolvedModel;
  request: ChatRequest;
  repeat: number;
  /** 0 for the first call of a sample; part of the cache key after that. */
  callIndex: number;
  ledger: 'candidate' | 'judge';
  /** For --replay messages. */
  label: string;
  /** The answer a batch line already gave (paid with its batch), or its failure (the first attempt). */
  prepaid?: Prepaid;
}

/**
 * A batch line's outcome for one call. An answer is already paid (the batch was reserved and settled
 * as a whole): it is recorded at the batch price with no request and no reservation. A failed line is
 * the call's first attempt; the retry policy decides the live attempts after it.
 */
export type Prepaid =
  | { ok: true; response: ChatResponse; latencyMs: number }
  | { ok: false; error: ProviderError };

export type CallOutcome =
  | {
      ok: true;
      text: string;
      finishReason: string | null;
      cached: boolean;
      toolCalls: ToolCall[];
      providerBlocks?: unknown[];
    }
  | { ok: false; error: SampleError };

/**
 * One model call with everything tollgate promises around it: the cache, a budget reservation per
 * attempt, retries it owns, and a priced record of every attempt. Every attempt is appended to
 * `attempts` as it ends, so none is lost when a budget stop interrupts.
 */
export async function meteredChat(
  call: MeteredCall,
  deps: MeterDeps,
  attempts: AttemptRecord[],
): Promise<CallOutcome> {
  const key =
    deps.cacheMode !== 'off' && deps.cache
      ? requestCacheKey(call.provider, call.request, call.repeat, call.callIndex)
      : null;
  if (call.prepaid?.ok) return fromBatch(call, call.prepaid, deps, key, attempts);
  if (key && deps.cache) {
    const hit = await fromCache(call, deps, deps.cache, key, attempts);
    if (hit) return hit;
  }
  const worst = worstCaseOf(call, deps);
  const failedLine = call.prepaid?.ok === false ? call.prepaid.error : null;
  const outcome = await withRetry(
    (i) => sendAttempt(call, deps, worst, attempts, i === 0 ? failedLine : null),
    deps.retry,
    deps.retryDeps,
    deps.signal,
  );
  if (!outcome.ok) {
    return { ok: false, error: sampleError(outcome.error) };
  }
  if (key && deps.cache && deps.cacheMode === 'read-write') {
    const latencyMs = attempts[attempts.length - 1]?.latencyMs ?? 0;
    const entry = cacheEntryOf(
      outcome.value,
      latencyMs,
      billedAt(call.model, false, outcome.value.tokens).tariff,
    );
    await deps.cache.set(key, entry).catch(() => undefined);
  }
  return answered(outcome.value, false);
}

/** A successful call's outcome from the answer it got. */
function answered(
  res: Pick<ChatResponse, 'text' | 'finishReason' | 'toolCalls' | 'providerBlocks'>,
  cached: boolean,
): CallOutcome {
  return {
    ok: true,
    text: res.text,
    finishReason: res.finishReason,
    cached,
    toolCalls: res.toolCalls ?? [],
    ...(res.providerBlocks && res.providerBlocks.length > 0 && { providerBlocks: res.providerBlocks }),
  };
}

/** A batch line's answer: recorded at the batch price (already paid), and cached with the batch tariff. */
async function fromBatch(
  call: MeteredCall,
  prepaid: Extract<Prepaid, { ok: true }>,
  deps: MeterDeps,
  key: string | null,
  attempts: AttemptRecord[],
): Promise<CallOutcome> {
  const res = prepaid.response;
  const estimated = res.usageReported === false;
  const tokens = estimated ? countedLocally(call, res, deps) : res.tokens;
  const billed = billedAt(call.model, true, tokens);
  if (key && deps.cache && deps.cacheMode === 'read-write') {
    const entry = cacheEntryOf(res, prepaid.latencyMs, billed.tariff);
    await deps.cache.set(key, entry).catch(() => undefined);
  }
  const cost = computeCost(call.model.price, tokens, { batch: true });
  attempts.push({
    status: res.status,
    latencyMs: prepaid.latencyMs,
    tokens,
    costUsd: cost,
    spentUsd: cost,
    cached: false,
    error: null,
    ledger: call.ledger,
    ...billed,
    ...(estimated && { usageEstimated: true as const }),
  });
  return answered(res, false);
}

/**
 * A cached answer, recorded as a free attempt valued at the tariff it was bought at (list price for
 * an entry that kept none); null on a miss. @throws ReplayMiss on a miss under --replay
 */
async function fromCache(
  call: MeteredCall,
  deps: MeterDeps,
  cache: ResponseCache,
  key: string,
  attempts: AttemptRecord[],
): Promise<CallOutcome | null> {
  const hit = await cache.get(key);
  if (hit) {
    const estimated = hit.usageReported === false;
    const tokens = estimated ? countedLocally(call, hit, deps) : hit.tokens;
    const tariff = hit.tariff ?? billedAt(call.model, false, tokens).tariff;
    attempts.push({
      status: 200,
      latencyMs: 0,
      tokens,
      costUsd: tariff === null ? null : costAtTariff(tariff, tokens),
      spentUsd: 0,
      cached: true,
      error: null,
      ledger: call.ledger,
      model: call.model.id,
      tariff,
      ...(estimated && { usageEstimated: true as const }),
    });
    return answered(hit, true);
  }
  if (deps.cacheMode === 'replay') {
    throw new ReplayMiss(
      `Expected a cached response for ${call.label} (--replay allows no misses), got a cache miss. Fix: run once without --replay to record it, or check that the prompt, model and params did not change.`,
    );
  }
  return null;
}

/** What the budget reserves per attempt; without a cap nothing is refused, so tokens are not counted. */
function worstCaseOf(call: MeteredCall, deps: MeterDeps): number {
  if (deps.ledger.capUsd === null) return 0;
  return (
    worstCaseCost(
      call.model.price,
      countPromptTokens(call.model.provider, countedContents(call.request), deps.tokenizer),
      call.request.params.maxTokens,
    ) ?? 0
  );
}

/**
 * One attempt in one of the endpoint's request slots. A provider that `takesSlots` takes one
 * itself once its request is built (src/providers/slotted-client.ts); for any other, the attempt
 * takes one here, and gives it back as soon as the attempt has ended. Either way, when a request
 * was waiting for the slot, this answer waits a turn of the event loop, so that request is
 * written before this answer is scored and recorded.
 */
async function sendAttempt(
  call: MeteredCall,
  deps: MeterDeps,
  worst: number,
  attempts: AttemptRecord[],
  failedLine: ProviderError | null,
): Promise<ChatResponse> {
  // a batch line's failure is an attempt already made: it sends nothing
  const slots = failedLine || call.provider.takesSlots ? undefined : deps.slots;
  await slots?.acquire(deps.signal);
  try {
    return await attempt(call, deps, worst, attempts, failedLine);
  } finally {
    if (slots?.release()) await nextTurn();
  }
}

/** One attempt: reserve its worst case, send it, and settle (or hold) what it cost. */
async function attempt(
  call: MeteredCall,
  deps: MeterDeps,
  worst: number,
  attempts: AttemptRecord[],
  failedLine: ProviderError | null,
): Promise<ChatResponse> {
  const ticket = await deps.ledger.acquire(worst, deps.signal);
  if (ticket === null) throw new BudgetStop('budget exhausted');
  // latency counts from the moment the request is sent, not from its wait for a slot
  let t0 = deps.now();
  const price = call.model.price;
  try {
    if (failedLine) throw failedLine;
    const res = await call.provider.chat(call.request, {
      signal: deps.signal,
      timeoutMs: deps.timeoutMs,
      slots: call.provider.takesSlots ? deps.slots : undefined,
      onSend: () => {
        t0 = deps.now();
      },
    });
    // a response without usage is priced on its tokens counted locally, and marked so
    const estimated = res.usageReported === false;
    const tokens = estimated ? countedLocally(call, res, deps) : res.tokens;
    const a = { status: res.status, tokens, costUsd: computeCost(price, tokens), error: null };
    endAttempt(call, deps, attempts, {
      ticket,
      t0,
      a: estimated ? { ...a, usageEstimated: true } : a,
      billUnknown: false,
    });
    return res;
  } catch (err) {
    // aborted while it waited for a slot: no attempt was made, and nothing was spent
    if (err instanceof RequestNotSent) {
      deps.ledger.settle(ticket, 0, call.ledger);
      throw err.reason;
    }
    const pe =
      err instanceof ProviderError
        ? err
        : new ProviderError('connection', String((err as Error)?.message ?? err), null);
    const cost = pe.tokens ? computeCost(price, pe.tokens) : 0;
    // no usage and no verdict from the server (a timeout, a cut connection, an unreadable 200)
    const billUnknown =
      pe.tokens === null && OUTCOME_UNKNOWN.has(pe.kind) && (pe.status === null || pe.status === 200);
    const a = { status: pe.status, tokens: pe.tokens, costUsd: cost, error: sampleError(pe) };
    endAttempt(call, deps, attempts, { ticket, t0, a, billUnknown });
    throw pe;
  }
}

interface AttemptEnd {
  ticket: number;
  t0: number;
  a: Pick<AttemptRecord, 'status' | 'tokens' | 'costUsd' | 'error' | 'usageEstimated'>;
  /** The server may have billed it without saying how much. */
  billUnknown: boolean;
}

/**
 * Ends an attempt: settles its reservation with what it cost, or, when the server may have billed
 * it without saying how much (`billUnknown`), keeps the worst case charged against the cap.
 */
function endAttempt(call: MeteredCall, deps: MeterDeps, attempts: AttemptRecord[], e: AttemptEnd): void {
  if (e.billUnknown) deps.ledger.hold(e.ticket);
  else deps.ledger.settle(e.ticket, e.a.costUsd ?? 0, call.ledger);
  attempts.push({
    ...e.a,
    latencyMs: deps.now() - e.t0,
    spentUsd: e.a.costUsd,
    cached: false,
    ledger: call.ledger,
    ...billedAt(call.model, false, e.a.tokens),
  });
}

/** A classified error as records keep it; `deterministic` only when set (src/providers/repeating-error.ts). */
function sampleError(pe: ProviderError): SampleError {
  const error: SampleError = { kind: pe.kind, message: pe.message, status: pe.status };
  return pe.deterministic ? { ...error, deterministic: true } : error;
}

/**
 * The tokens of a response that reported no usage, counted with the exact tokenizer the estimate
 * uses (a run without a cap carries only the upper bound, which is not a count).
 */
function countedLocally(call: MeteredCall, res: Pick<ChatResponse, 'text' | 'toolCalls'>, deps: MeterDeps) {
  const tokenizer = deps.tokenizer?.exact ? deps.tokenizer : exactTokenizer;
  return localUsage(call.model.provider, call.request, res.text, tokenizer, res.toolCalls);
}

/** What the cache keeps of an answer, with the tariff it was bought at. */
function cacheEntryOf(res: ChatResponse, latencyMs: number, tariff: Tariff | null): CachedResponse {
  return {
    text: res.text,
    tokens: res.tokens,
    ...(res.usageReported === false ? { usageReported: false } : {}),
    finishReason: res.finishReason,
    ...(res.toolCalls && res.toolCalls.length > 0 && { toolCalls: res.toolCalls }),
    ...(res.providerBlocks && res.providerBlocks.length > 0 && { providerBlocks: res.providerBlocks }),
    latencyMs,
    tariff,
  };
}

/**
 * An attempt's model id and the tariff it was billed at (null when the model is unpriced): the
 * context tier its prompt reached when its tokens are known.
 */
function billedAt(
  model: ResolvedModel,
  batch: boolean,
  tokens: Tokens | null,
): { model: string; tariff: Tariff | null } {
  const tariff =
    model.price === null
      ? null
      : tariffOf(model.model, model.price, {
          batch,
          source: model.priceSource ?? 'table',
          pricedAt: model.pricedAt ?? new Date().toISOString(),
          tokens,
        });
  return { model: model.id, tariff };
}
