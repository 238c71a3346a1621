import type OpenAI from 'openai';
import { ProviderError } from '../errors.ts';
import { zeroTokens } from '../pricing/compute-cost.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { mergeExtra } from './extra-body.ts';
import { normaliseOpenAIUsage } from './openai-usage.ts';
import type { ChatRequest, ChatResponse } from './provider.ts';
import { responsesTextFormat } from './response-format.ts';
import { responsesInput, responsesToolCalls, responsesToolFields } from './tool-messages.ts';

/**
 * OpenAI's Responses API (`POST /v1/responses`, `client.responses.create`): the request body, and
 * the response read back into tollgate's shape. Nothing is stored at OpenAI (`store: false`) unless
 * `params.extra` says so.
 */

/**
 * The Responses API request body; `params.extra` is merged in last. Tool calls and results travel as
 * `function_call` and `function_call_output` input items (src/providers/tool-messages.ts).
 */
export function responsesBody(req: ChatRequest): Record<string, unknown> {
  const p = req.params;
  const body: Record<string, unknown> = {
    model: req.model,
    input: responsesInput(req.messages),
    ...responsesToolFields(req),
    max_output_tokens: p.maxTokens,
    store: false,
  };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.reasoningEffort !== undefined) body.reasoning = { effort: p.reasoningEffort };
  const text: Record<string, unknown> = {};
  if (p.verbosity !== undefined) text.verbosity = p.verbosity;
  if (p.responseFormat !== undefined) text.format = responsesTextFormat(p.responseFormat);
  if (Object.keys(text).length > 0) body.text = text;
  return mergeExtra(body, p.extra);
}

/**
 * Validates a Responses API body and normalises its usage. The answer is the `output_text` parts of
 * its `message` items and its tool calls the `function_call` items; `finishReason` is `tool_calls`
 * when it calls tools, `stop` when completed, else why it is incomplete (`max_output_tokens`,
 * `content_filter`). Throws `malformed` on a bad body or on tool arguments that are not an object.
 */
export function parseResponse(res: unknown): ChatResponse {
  const body = res as Partial<OpenAI.Responses.Response> | null;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ProviderError('malformed', 'malformed response body: not a JSON object', 200);
  const tokens = body.usage ? normaliseResponsesUsage(body.usage) : null;
  if (!Array.isArray(body.output))
    throw new ProviderError('malformed', 'malformed response body: no output array', 200, null, tokens);
  const texts: string[] = [];
  for (const item of body.output) {
    if (item?.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) if (part?.type === 'output_text') texts.push(String(part.text ?? ''));
  }
  const toolCalls = responsesToolCalls(body.output, tokens);
  const finishReason =
    body.status === 'completed'
      ? toolCalls.length > 0
        ? 'tool_calls'
        : 'stop'
      : (body.incomplete_details?.reason ?? body.status ?? null);
  if (texts.length === 0 && toolCalls.length === 0 && body.status !== 'incomplete')
    throw new ProviderError('malformed', 'empty response: no output_text in output', 200, null, tokens);
  const text = texts.join('');
  const calls = toolCalls.length > 0 ? { toolCalls } : {};
  if (!tokens)
    return { text, tokens: zeroTokens(), usageReported: false, status: 200, finishReason, ...calls };
  return { text, tokens, status: 200, finishReason, ...calls };
}

/**
 * The Responses API's usage in Chat Completions' terms (`input_tokens` includes the cached ones,
 * `output_tokens` the reasoning ones), normalised by the same rule.
 */
export function normaliseResponsesUsage(u: OpenAI.Responses.ResponseUsage): Tokens {
  return normaliseOpenAIUsage({
    prompt_tokens: u.input_tokens,
    completion_tokens: u.output_tokens,
    total_tokens: u.total_tokens,
    prompt_tokens_details: u.input_tokens_details,
    completion_tokens_details: u.output_tokens_details,
  } as OpenAI.Completions.CompletionUsage);
}
