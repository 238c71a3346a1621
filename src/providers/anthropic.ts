import type Anthropic from '@anthropic-ai/sdk';
import { ProviderError } from '../errors.ts';
import { zeroTokens } from '../pricing/compute-cost.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { classifyError } from './classify.ts';
import { mergeExtra } from './extra-body.ts';
import { sharedHttpFetch } from './http-fetch.ts';
import { lazyClient } from './lazy-client.ts';
import {
  type CallOptions,
  type ChatRequest,
  type ChatResponse,
  type Provider,
  tokenCount,
} from './provider.ts';
import type { Redact } from './redact.ts';
import { RequestNotSent, sendInSlot, slottedClient } from './slotted-client.ts';
import {
  anthropicMessages,
  anthropicThinkingBlocks,
  anthropicToolCalls,
  anthropicToolFields,
} from './tool-messages.ts';

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  apiKeyEnv: string | null;
  /** Takes the run's keys out of error messages. @default the well-known key patterns only */
  redact?: Redact;
  fetch?: typeof fetch;
  /** `bedrock` or `vertex` for Claude on a cloud; same code path. @default 'anthropic' */
  name?: string;
  /** A ready client of the same API (the Bedrock or Vertex SDK's), possibly still loading. */
  client?: AnthropicClient | Promise<AnthropicClient>;
  /** Send the 1M-token context beta header with every request (a model's `longContext: true`). */
  longContext?: boolean;
}

/** Anthropic's beta header value that lifts Claude Sonnet 4 / 4.5's context window to 1M tokens. */
export const CONTEXT_1M_BETA = 'context-1m-2025-08-07';

/** What the provider needs of a client: Anthropic's, Bedrock's and Vertex's all have it. */
export interface AnthropicClient {
  messages: {
    create(
      body: never,
      opts: { signal: AbortSignal; timeout: number; headers?: Record<string, string> },
    ): PromiseLike<unknown>;
  };
}

/** The Anthropic Messages provider, through the official SDK with `maxRetries: 0`. */
export function createAnthropicProvider(opts: AnthropicProviderOptions): Provider {
  const client = lazyClient(async () => {
    if (opts.client) return opts.client;
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const Slotted = slottedClient(Anthropic);
    return new Slotted({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      fetch: opts.fetch ?? sharedHttpFetch(),
    });
  });
  const endpoint = (opts.baseURL ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const target = { url: `${endpoint}/v1/messages`, api: 'anthropic' as const };
  const headers = opts.longContext ? { headers: { 'anthropic-beta': CONTEXT_1M_BETA } } : {};
  return {
    name: opts.name ?? 'anthropic',
    endpoint,
    apiKeyEnv: opts.apiKeyEnv,
    requestBody: anthropicRequestBody,
    // an injected client (a cloud's, a test's) cannot wait for a slot itself
    takesSlots: !opts.client,
    async chat(req: ChatRequest, call: CallOptions): Promise<ChatResponse> {
      let res: Anthropic.Message;
      try {
        const sdk = await client();
        res = (await sendInSlot(call, (slot) =>
          sdk.messages.create(anthropicRequestBody(req) as never, {
            signal: call.signal,
            timeout: call.timeoutMs,
            ...headers,
            ...slot,
          }),
        )) as Anthropic.Message;
      } catch (err) {
        if (err instanceof RequestNotSent) throw err;
        throw classifyError(err, opts.apiKeyEnv, opts.redact, Date.now(), target);
      }
      return parseMessage(res);
    },
  };
}

/**
 * System messages go to `system`; with prompt caching the system block carries `cache_control`.
 * `thinking` is sent as `{ type: enabled, budget_tokens }`; `params.extra` is merged in last.
 */
export function anthropicRequestBody(req: ChatRequest): Record<string, unknown> {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const p = req.params;
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: p.maxTokens,
    messages: anthropicMessages(req.messages),
    ...anthropicToolFields(req),
  };
  if (p.temperature !== undefined) body.temperature = Math.min(1, p.temperature);
  if (p.thinking !== undefined) body.thinking = { type: 'enabled', budget_tokens: p.thinking.budgetTokens };
  if (system.length > 0) {
    const text = system.join('\n\n');
    body.system = req.promptCaching ? [{ type: 'text', text, cache_control: { type: 'ephemeral' } }] : text;
  }
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.stop !== undefined) body.stop_sequences = p.stop;
  return mergeExtra(body, p.extra);
}

export function parseMessage(res: unknown): ChatResponse {
  const body = res as Partial<Anthropic.Message> | null;
  if (!body || typeof body !== 'object')
    throw new ProviderError('malformed', 'malformed response body: not a JSON object', 200);
  const tokens = body.usage ? normaliseAnthropicUsage(body.usage) : null;
  if (!Array.isArray(body.content)) {
    throw new ProviderError('malformed', 'malformed response body: no content array', 200, null, tokens);
  }
  const texts = body.content
    .filter((b) => b && b.type === 'text')
    .map((b) => (b as Anthropic.TextBlock).text);
  const toolCalls = anthropicToolCalls(body.content);
  if (texts.length === 0 && toolCalls.length === 0 && body.stop_reason !== 'max_tokens') {
    throw new ProviderError('malformed', 'empty response: no text content', 200, null, tokens);
  }
  const finishReason = body.stop_reason ?? null;
  // a compatible server may omit usage: keep the answer; the meter counts its tokens locally
  // with tool calls, any thinking blocks travel with them (ChatResponse.providerBlocks)
  const thinking = toolCalls.length > 0 ? anthropicThinkingBlocks(body.content) : [];
  const calls = {
    ...(toolCalls.length > 0 && { toolCalls }),
    ...(thinking.length > 0 && { providerBlocks: thinking }),
  };
  if (!tokens)
    return {
      text: texts.join(''),
      tokens: zeroTokens(),
      usageReported: false,
      status: 200,
      finishReason,
      ...calls,
    };
  return { text: texts.join(''), tokens, status: 200, finishReason, ...calls };
}

/**
 * Anthropic's `input_tokens` already excludes cache reads and writes. `cache_creation` splits the
 * writes into the 5-minute and the 1-hour cache; the 1-hour part is priced on its own. Thinking is
 * billed inside `output_tokens`; its share, `output_tokens_details.thinking_tokens`, is recorded as
 * reasoning (0 where the API does not report it).
 */
export function normaliseAnthropicUsage(u: Anthropic.Usage): Tokens {
  const oneHour = tokenCount(u.cache_creation?.ephemeral_1h_input_tokens);
  return {
    input: tokenCount(u.input_tokens),
    cacheRead: tokenCount(u.cache_read_input_tokens),
    cacheWrite: tokenCount(u.cache_creation_input_tokens),
    ...(oneHour > 0 && { cacheWrite1h: oneHour }),
    output: tokenCount(u.output_tokens),
    reasoning: Math.min(tokenCount(u.output_tokens), tokenCount(u.output_tokens_details?.thinking_tokens)),
  };
}
