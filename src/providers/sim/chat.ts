import type { Tokens } from '../../pricing/tokens.ts';
import { answer, type SimAnswer, simLatency } from './brain.ts';
import type { SimContext } from './context.ts';
import { offeredTools, simMessages, toolAnswer } from './tools.ts';

export interface ChatResult {
  status: number;
  body: Record<string, unknown>;
  tokens: Tokens | null;
  latencyMs: number;
}

/** Answers one chat request in the given API flavour, with no faults. Batch routes reuse it. */
export function chat(
  ctx: SimContext,
  flavour: 'openai' | 'anthropic',
  body: Record<string, unknown>,
): ChatResult {
  const modelName = String(body.model ?? '');
  const model = ctx.models[modelName];
  if (!model) {
    const type = flavour === 'openai' ? 'invalid_request_error' : 'not_found_error';
    return {
      status: 404,
      body: { error: { message: `The model '${modelName}' does not exist`, type } },
      tokens: null,
      latencyMs: 1,
    };
  }
  const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? 512);
  const messages = simMessages(flavour, body);
  const a =
    toolAnswer(modelName, model, messages, offeredTools(body), ctx.tokenizer) ??
    answer(modelName, model, messages, maxTokens, ctx.tokenizer);
  const latencyMs = ctx.opts.latencyMs ?? simLatency(model, a.outputTokens) * (ctx.opts.latencyScale ?? 1);
  const reply = flavour === 'openai' ? openaiReply : anthropicReply;
  return { status: 200, latencyMs, ...reply(modelName, a, maxTokens, body) };
}

/**
 * An OpenAI chat completion. The sim's prompt cache is always warm: the system prefix is cached in
 * 16-token blocks.
 */
function openaiReply(
  modelName: string,
  a: SimAnswer,
  maxTokens: number,
): Pick<ChatResult, 'tokens' | 'body'> {
  const cached = a.systemTokens >= 16 ? Math.floor(a.systemTokens / 16) * 16 : 0;
  const tokens: Tokens = {
    input: a.promptTokens - cached,
    cacheRead: cached,
    cacheWrite: 0,
    output: a.outputTokens,
    reasoning: 0,
  };
  return {
    tokens,
    body: {
      id: `chatcmpl-sim-${Math.floor(Math.random() * 1e12)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: modelName,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: a.toolCalls ? null : a.text, ...openaiCalls(a) },
          finish_reason: a.toolCalls ? 'tool_calls' : a.outputTokens >= maxTokens ? 'length' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: a.promptTokens,
        completion_tokens: a.outputTokens,
        total_tokens: a.promptTokens + a.outputTokens,
        prompt_tokens_details: { cached_tokens: cached },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    },
  };
}

/** An Anthropic message. The system prompt is read from the cache when it carries `cache_control`. */
function anthropicReply(
  modelName: string,
  a: SimAnswer,
  maxTokens: number,
  body: Record<string, unknown>,
): Pick<ChatResult, 'tokens' | 'body'> {
  const cacheControl = JSON.stringify(body.system ?? '').includes('cache_control');
  const cacheRead = cacheControl ? a.systemTokens : 0;
  const tokens: Tokens = {
    input: a.promptTokens - cacheRead,
    cacheRead,
    cacheWrite: 0,
    output: a.outputTokens,
    reasoning: 0,
  };
  return {
    tokens,
    body: {
      id: `msg_sim_${Math.floor(Math.random() * 1e12)}`,
      type: 'message',
      role: 'assistant',
      model: modelName,
      content: a.toolCalls
        ? a.toolCalls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments }))
        : [{ type: 'text', text: a.text }],
      stop_reason: a.toolCalls ? 'tool_use' : a.outputTokens >= maxTokens ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: tokens.input,
        output_tokens: a.outputTokens,
        cache_read_input_tokens: cacheRead,
        cache_creation_input_tokens: 0,
      },
    },
  };
}

/** An OpenAI message's `tool_calls`, arguments as JSON strings; nothing when there are none. */
function openaiCalls(a: SimAnswer): Record<string, unknown> {
  if (!a.toolCalls) return {};
  return {
    tool_calls: a.toolCalls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    })),
  };
}
