import type OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import { zeroTokens } from '../pricing/compute-cost.ts';
import { classifyError } from './classify.ts';
import { mergeExtra } from './extra-body.ts';
import { sharedHttpFetch } from './http-fetch.ts';
import { lazyClient } from './lazy-client.ts';
import { parseResponse, responsesBody } from './openai-responses.ts';
import { normaliseOpenAIUsage } from './openai-usage.ts';
import type { CallOptions, ChatRequest, ChatResponse, Provider } from './provider.ts';
import type { Redact } from './redact.ts';
import { chatResponseFormat } from './response-format.ts';
import { RequestNotSent, sendInSlot, slottedClient } from './slotted-client.ts';
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
  /** Chat Completions or the Responses API (src/providers/openai-responses.ts). @default 'chat' */
  api?: 'chat' | 'responses';
  fetch?: typeof fetch;
  /** A ready client of the same API (e.g. `AzureOpenAI`); `baseURL` then only names the endpoint. */
  client?: OpenAI | Promise<OpenAI>;
}

/** Reasoning models take `max_completion_tokens`; everything else (and most compatible servers) `max_tokens`. */
const COMPLETION_TOKENS_MODELS = /^(o\d|gpt-5)/;

/** The OpenAI provider (Chat Completions, or the Responses API), through the official SDK with `maxRetries: 0`. */
export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const client = lazyClient(async () => {
    if (opts.client) return opts.client;
    const { default: OpenAI } = await import('openai');
    const Slotted = slottedClient(OpenAI);
    return new Slotted({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      fetch: opts.fetch ?? sharedHttpFetch(),
    });
  });
  const baseURL = (opts.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const endpoint = opts.endpoint ?? baseURL;
  const responses = opts.api === 'responses';
  const target = {
    url: `${baseURL}/${responses ? 'responses' : 'chat/completions'}`,
    api: 'openai' as const,
  };
  const requestBody = responses ? responsesBody : chatCompletionsBody;
  return {
    name: opts.name ?? 'openai',
    endpoint,
    apiKeyEnv: opts.apiKeyEnv,
    requestBody,
    // an injected client (a cloud's, a test's) cannot wait for a slot itself
    takesSlots: !opts.client,
    async chat(req: ChatRequest, call: CallOptions): Promise<ChatResponse> {
      let res: unknown;
      try {
        const sdk = await client();
        res = await sendInSlot<unknown>(call, (slot) => {
          const options = { signal: call.signal, timeout: call.timeoutMs, ...slot };
          return responses
            ? sdk.responses.create(
                requestBody(req) as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
                options,
              )
            : sdk.chat.completions.create(
                requestBody(req) as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
                options,
              );
        });
      } catch (err) {
        if (err instanceof RequestNotSent) throw err;
        throw classifyError(err, opts.apiKeyEnv, opts.redact, Date.now(), target);
      }
      return responses ? parseResponse(res) : parseChatCompletion(res);
    },
  };
}

/** The Chat Completions request body; `params.extra` is merged in last. */
export function chatCompletionsBody(req: ChatRequest): Record<string, unknown> {
  const p = req.params;
  const body: Record<string, unknown> = {
    model: req.model,
    messages: openaiMessages(req.messages),
    ...openaiToolFields(req),
  };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (COMPLETION_TOKENS_MODELS.test(req.model)) body.max_completion_tokens = p.maxTokens;
  else body.max_tokens = p.maxTokens;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.stop !== undefined) body.stop = p.stop;
  if (p.reasoningEffort !== undefined) body.reasoning_effort = p.reasoningEffort;
  if (p.verbosity !== undefined) body.verbosity = p.verbosity;
  if (p.responseFormat !== undefined) body.response_format = chatResponseFormat(p.responseFormat);
  return mergeExtra(body, p.extra);
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
