import type OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import { zeroTokens } from '../pricing/compute-cost.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { classifyError } from './classify.ts';
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
import { openaiMessages, openaiToolCalls, openaiToolFields } from './tool-messages.ts';

export interface OpenAIProviderOptions {
  apiKey: string;
  baseURL?: string;
  apiKeyEnv: string | null;
  /** Takes the run's keys out of error messages. @default the well-known key patterns only */
  redact?: Redact;
  /** `sim` for the built-in simulator; same code path. */
  name?: string;
  /** Overrides the endpoint name used for queues and cache keys. */
  endpoint?: string;
  fetch?: typeof fetch;
  /** A ready client of the same API (e.g. `AzureOpenAI`); `baseURL` then only names the endpoint. */
  client?: OpenAI | Promise<OpenAI>;
}

/** Reasoning models take `max_completion_tokens`; everything else (and most compatible servers) `max_tokens`. */
const COMPLETION_TOKENS_MODELS = /^(o\d|gpt-5)/;

/** The OpenAI Chat Completions provider, through the official SDK with `maxRetries: 0`. */
export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const client = lazyClient(async () => {
    if (opts.client) return opts.client;
    const { default: OpenAI } = await import('openai');
    return new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      fetch: opts.fetch ?? sharedHttpFetch(),
    });
  });
  const baseURL = (opts.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const endpoint = opts.endpoint ?? baseURL;
  const target = { url: `${baseURL}/chat/completions`, api: 'openai' as const };
  const requestBody = (req: ChatRequest): Record<string, unknown> => {
    const body: Record<string, unknown> = {
      model: req.model,
      messages: openaiMessages(req.messages),
      temperature: req.params.temperature,
      ...openaiToolFields(req),
    };
    if (COMPLETION_TOKENS_MODELS.test(req.model)) body.max_completion_tokens = req.params.maxTokens;
    else body.max_tokens = req.params.maxTokens;
    if (req.params.topP !== undefined) body.top_p = req.params.topP;
    if (req.params.stop !== undefined) body.stop = req.params.stop;
    return body;
  };
  return {
    name: opts.name ?? 'openai',
    endpoint,
    apiKeyEnv: opts.apiKeyEnv,
    requestBody,
    async chat(req: ChatRequest, call: CallOptions): Promise<ChatResponse> {
      let res: OpenAI.Chat.Completions.ChatCompletion;
      try {
        res = (await (
          await client()
        ).chat.completions.create(
          requestBody(req) as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
          { signal: call.signal, timeout: call.timeoutMs },
        )) as OpenAI.Chat.Completions.ChatCompletion;
      } catch (err) {
        throw classifyError(err, opts.apiKeyEnv, opts.redact, Date.now(), target);
      }
      return parseChatCompletion(res);
    },
  };
}

/** Validates a Chat Completions body and normalises its usage. Throws `malformed` on a bad body. */
export function parseChatCompletion(res: unknown): ChatResponse {
  const body = res as Partial<OpenAI.Chat.Completions.ChatCompletion> | null;
  if (!body || typeof body !== 'object')
    throw new ProviderError('malformed', 'malformed response body: not a JSON object', 200);
  const tokens = body.usage ? normaliseOpenAIUsage(body.usage) : null;
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!choice || typeof choice !== 'object' || !choice.message) {
    throw new ProviderError('malformed', 'malformed response body: no choices[0].message', 200, null, tokens);
  }
  const toolCalls = openaiToolCalls(choice.message, tokens);
  // a message that only calls tools has no content
  const content = toolCalls.length > 0 ? (choice.message.content ?? '') : choice.message.content;
  if (typeof content !== 'string') {
    throw new ProviderError(
      'malformed',
      'empty response: choices[0].message.content is null',
      200,
      null,
      tokens,
    );
  }
  // some compatible servers omit usage: keep the answer; the meter counts its tokens locally
  const calls = toolCalls.length > 0 ? { toolCalls } : {};
  if (!tokens)
    return {
      text: content,
      tokens: zeroTokens(),
      usageReported: false,
      status: 200,
      finishReason: choice.finish_reason ?? null,
      ...calls,
    };
  return { text: content, tokens, status: 200, finishReason: choice.finish_reason ?? null, ...calls };
}

/**
 * OpenAI's `prompt_tokens` includes cached tokens; tollgate's `input` does not. When `total_tokens`
 * exceeds prompt plus completion tokens, the difference is hidden reasoning (Gemini's
 * OpenAI-compatible endpoint may leave thought tokens out of `completion_tokens`): it is billed as
 * output and counted as reasoning.
 */
export function normaliseOpenAIUsage(u: OpenAI.Completions.CompletionUsage): Tokens {
  const prompt = tokenCount(u.prompt_tokens);
  const cached = tokenCount(u.prompt_tokens_details?.cached_tokens);
  const completion = tokenCount(u.completion_tokens);
  const hidden = Math.max(0, tokenCount(u.total_tokens) - prompt - completion);
  return {
    input: Math.max(0, prompt - cached),
    cacheRead: cached,
    cacheWrite: 0,
    output: completion + hidden,
    reasoning: tokenCount(u.completion_tokens_details?.reasoning_tokens) + hidden,
  };
}
