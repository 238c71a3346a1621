import Anthropic from '@anthropic-ai/sdk';
import { ProviderError } from '../errors.ts';
import { zeroTokens } from '../pricing/compute-cost.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { classifyError } from './classify.ts';
import { mergeExtra } from './extra-body.ts';
import { sharedHttpFetch } from './http-fetch.ts';
import {
  type CallOptions,
  type ChatRequest,
  type ChatResponse,
  type Provider,
  tokenCount,
} from './provider.ts';
import type { Redact } from './redact.ts';

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  apiKeyEnv: string | null;
  /** Takes the run's keys out of error messages. @default the well-known key patterns only */
  redact?: Redact;
  fetch?: typeof fetch;
}

/** The Anthropic Messages provider, through the official SDK with `maxRetries: 0`. */
export function createAnthropicProvider(opts: AnthropicProviderOptions): Provider {
  const client = new Anthropic({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: 0,
    fetch: opts.fetch ?? sharedHttpFetch(),
  });
  const endpoint = (opts.baseURL ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const target = { url: `${endpoint}/v1/messages`, api: 'anthropic' as const };
  return {
    name: 'anthropic',
    endpoint,
    apiKeyEnv: opts.apiKeyEnv,
    requestBody: anthropicRequestBody,
    async chat(req: ChatRequest, call: CallOptions): Promise<ChatResponse> {
      let res: Anthropic.Message;
      try {
        res = (await client.messages.create(
          anthropicRequestBody(req) as unknown as Anthropic.MessageCreateParamsNonStreaming,
          {
            signal: call.signal,
            timeout: call.timeoutMs,
          },
        )) as Anthropic.Message;
      } catch (err) {
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
    messages: req.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role, content: m.content })),
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
  if (texts.length === 0 && body.stop_reason !== 'max_tokens') {
    throw new ProviderError('malformed', 'empty response: no text content', 200, null, tokens);
  }
  const finishReason = body.stop_reason ?? null;
  // a compatible server may omit usage: keep the answer; the meter counts its tokens locally
  if (!tokens)
    return { text: texts.join(''), tokens: zeroTokens(), usageReported: false, status: 200, finishReason };
  return { text: texts.join(''), tokens, status: 200, finishReason };
}

/**
 * Anthropic's `input_tokens` already excludes cache reads and writes. Thinking is billed inside
 * `output_tokens`; its share, `output_tokens_details.thinking_tokens`, is recorded as reasoning
 * (0 where the API does not report it).
 */
export function normaliseAnthropicUsage(u: Anthropic.Usage): Tokens {
  return {
    input: tokenCount(u.input_tokens),
    cacheRead: tokenCount(u.cache_read_input_tokens),
    cacheWrite: tokenCount(u.cache_creation_input_tokens),
    output: tokenCount(u.output_tokens),
    reasoning: Math.min(tokenCount(u.output_tokens), tokenCount(u.output_tokens_details?.thinking_tokens)),
  };
}
