/**
 * Translates provider-neutral tool use (src/prompt/chat-message.ts) to and from the wire formats:
 * OpenAI Chat Completions (`tools`, `tool_choice`, assistant `tool_calls` with JSON-string
 * arguments, `role: tool` results), the OpenAI Responses API (`function_call` and
 * `function_call_output` items) and Anthropic Messages (`tools` with `input_schema`, `tool_choice`,
 * `tool_use` content blocks after any thinking blocks, and `tool_result` blocks in a user message;
 * consecutive results share one user message). Pure.
 */
import { ProviderError } from '../errors.ts';
import type { Tokens } from '../pricing/tokens.ts';
import { type ChatMessage, providerBlocksOf, type ToolCall, toolCallsOf } from '../prompt/chat-message.ts';
import type { ChatRequest } from './provider.ts';

/** The messages of an OpenAI Chat Completions request. */
export function openaiMessages(messages: ChatMessage[]): Array<Record<string, unknown>> {
  return messages.map((m) => {
    if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    const calls = toolCallsOf(m);
    if (calls.length === 0) return { role: m.role, content: m.content };
    return {
      role: 'assistant',
      content: m.content === '' ? null : m.content,
      tool_calls: calls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      })),
    };
  });
}

/** `tools` and `tool_choice` of an OpenAI request; nothing when the request offers no tools. */
export function openaiToolFields(req: Pick<ChatRequest, 'tools' | 'toolChoice'>): Record<string, unknown> {
  if (!req.tools || req.tools.length === 0) return {};
  const out: Record<string, unknown> = {
    tools: req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description !== undefined && { description: t.description }),
        parameters: t.parameters,
      },
    })),
  };
  const choice = req.toolChoice;
  if (choice !== undefined)
    out.tool_choice =
      typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  return out;
}

/**
 * The tool calls of an OpenAI message, arguments parsed. @throws ProviderError `malformed` when a
 * call's arguments are not a JSON object (the usage is kept on the error, so the attempt is priced)
 */
export function openaiToolCalls(message: unknown, tokens: Tokens | null): ToolCall[] {
  const raw = (message as { tool_calls?: unknown } | null)?.tool_calls;
  if (!Array.isArray(raw)) return [];
  return raw.map((c: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }) => ({
    id: String(c?.id ?? ''),
    name: String(c?.function?.name ?? ''),
    arguments: parseArguments(c?.function?.arguments, tokens),
  }));
}

function parseArguments(raw: unknown, tokens: Tokens | null): Record<string, unknown> {
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      v = null;
    }
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  const got = typeof raw === 'string' ? raw.slice(0, 80) : typeof raw;
  throw new ProviderError(
    'malformed',
    `malformed tool call: arguments are not a JSON object (${got})`,
    200,
    null,
    tokens,
  );
}

/** The non-system messages of an Anthropic request; tool results go in user messages. */
export function anthropicMessages(messages: ChatMessage[]): Array<{ role: string; content: unknown }> {
  const out: Array<{ role: string; content: unknown }> = [];
  // the tool_result blocks of the user message being built, so a following user text joins them
  let results: unknown[] | null = null;
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') {
      const block = { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content };
      if (results) results.push(block);
      else {
        results = [block];
        out.push({ role: 'user', content: results });
      }
      continue;
    }
    if (m.role === 'user' && results) {
      results.push({ type: 'text', text: m.content });
      results = null;
      continue;
    }
    results = null;
    const calls = toolCallsOf(m);
    if (calls.length === 0) {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    // thinking blocks go back unchanged, first, in the turn that carries the tool_use
    const blocks: unknown[] = [...providerBlocksOf(m)];
    if (m.content !== '') blocks.push({ type: 'text', text: m.content });
    for (const c of calls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
    out.push({ role: 'assistant', content: blocks });
  }
  return out;
}

/** `tools` and `tool_choice` of an Anthropic request; nothing when the request offers no tools. */
export function anthropicToolFields(req: Pick<ChatRequest, 'tools' | 'toolChoice'>): Record<string, unknown> {
  if (!req.tools || req.tools.length === 0) return {};
  const out: Record<string, unknown> = {
    tools: req.tools.map((t) => ({
      name: t.name,
      ...(t.description !== undefined && { description: t.description }),
      input_schema: t.parameters,
    })),
  };
  const choice = req.toolChoice;
  if (choice !== undefined)
    out.tool_choice =
      typeof choice === 'object'
        ? { type: 'tool', name: choice.name }
        : { type: choice === 'required' ? 'any' : choice };
  return out;
}

/**
 * The `thinking` and `redacted_thinking` blocks of an Anthropic response, as they came: the API needs
 * them back unchanged (signature included) in the assistant turn that carries the tool_use.
 */
export function anthropicThinkingBlocks(content: unknown[]): unknown[] {
  return content.filter((b) => {
    const type = (b as { type?: unknown } | null)?.type;
    return type === 'thinking' || type === 'redacted_thinking';
  });
}

/** The `tool_use` blocks of an Anthropic response as tool calls. */
export function anthropicToolCalls(content: unknown[]): ToolCall[] {
  return content
    .filter((b): b is { type: string; id?: unknown; name?: unknown; input?: unknown } =>
      Boolean(b && typeof b === 'object' && (b as { type?: unknown }).type === 'tool_use'),
    )
    .map((b) => ({
      id: String(b.id ?? ''),
      name: String(b.name ?? ''),
      arguments: b.input && typeof b.input === 'object' ? (b.input as Record<string, unknown>) : {},
    }));
}

/**
 * The input items of an OpenAI Responses API request: messages, with an assistant's tool calls as
 * `function_call` items and tool results as `function_call_output` items.
 */
export function responsesInput(messages: ChatMessage[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      out.push({ type: 'function_call_output', call_id: m.toolCallId, output: m.content });
      continue;
    }
    const calls = toolCallsOf(m);
    if (calls.length === 0 || m.content !== '') out.push({ role: m.role, content: m.content });
    for (const c of calls)
      out.push({
        type: 'function_call',
        call_id: c.id,
        name: c.name,
        arguments: JSON.stringify(c.arguments),
      });
  }
  return out;
}

/** `tools` and `tool_choice` of a Responses API request (non-strict schemas, as Chat Completions). */
export function responsesToolFields(req: Pick<ChatRequest, 'tools' | 'toolChoice'>): Record<string, unknown> {
  if (!req.tools || req.tools.length === 0) return {};
  const out: Record<string, unknown> = {
    tools: req.tools.map((t) => ({
      type: 'function',
      name: t.name,
      ...(t.description !== undefined && { description: t.description }),
      parameters: t.parameters,
      strict: false,
    })),
  };
  const choice = req.toolChoice;
  if (choice !== undefined)
    out.tool_choice = typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
  return out;
}

/** The `function_call` output items of a Responses API response as tool calls (id: their `call_id`). */
export function responsesToolCalls(output: unknown[], tokens: Tokens | null): ToolCall[] {
  return output
    .filter((i): i is { type: string; call_id?: unknown; name?: unknown; arguments?: unknown } =>
      Boolean(i && typeof i === 'object' && (i as { type?: unknown }).type === 'function_call'),
    )
    .map((i) => ({
      id: String(i.call_id ?? ''),
      name: String(i.name ?? ''),
      arguments: parseArguments(i.arguments, tokens),
    }));
}

/** Why a model stopped, the same across providers. */
export type StopReason = 'end' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'content_filter' | 'other';

/** A provider's finish or stop reason in provider-neutral words; `other` for anything unknown. */
export function stopReasonOf(finishReason: string | null): StopReason {
  switch (finishReason) {
    case 'stop':
    case 'end_turn':
    case 'completed':
      return 'end';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_use';
    case 'length':
    case 'max_tokens':
    case 'max_output_tokens':
      return 'max_tokens';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'content_filter':
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}

/**
 * The text of what a request sends besides the messages' contents: the tool definitions and the
 * tool calls in assistant turns, as JSON. Local token counts (budget reservations, estimates of
 * responses with no usage) count it, since providers bill it as input.
 */
export function toolPayloadText(req: Pick<ChatRequest, 'tools' | 'messages'>): string {
  const parts: string[] = [];
  if (req.tools && req.tools.length > 0) parts.push(JSON.stringify(req.tools));
  for (const m of req.messages) {
    const calls = toolCallsOf(m);
    if (calls.length > 0) parts.push(JSON.stringify(calls));
  }
  return parts.join('\n');
}

/** The messages' contents plus the tool payload (see toolPayloadText), for local token counts. */
export function countedContents(req: Pick<ChatRequest, 'tools' | 'messages'>): Array<{ content: string }> {
  const payload = toolPayloadText(req);
  return payload === '' ? req.messages : [...req.messages, { content: payload }];
}
