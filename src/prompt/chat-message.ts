import type { Message } from './message-schema.ts';

/**
 * Provider-neutral tool use: the tools a task offers, the calls a model makes, and the messages
 * that carry them back. The providers (src/providers/tool-messages.ts) translate them to OpenAI's
 * `tools`/`tool_calls`/`role: tool` and to Anthropic's `tool_use`/`tool_result` blocks.
 */

/** A tool the model may call. `parameters` is the JSON Schema of its arguments (an object schema). */
export interface Tool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** One tool call a model made; `arguments` is the parsed JSON object. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** Which tools the model may call: any (`auto`), none, at least one (`required`), or the named one. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/**
 * An assistant turn that called tools (its `content` may be empty). `providerBlocks` are content
 * blocks the provider needs back unchanged, carried opaquely: Anthropic's `thinking` (with its
 * `signature`) and `redacted_thinking` blocks, which must precede the `tool_use` blocks when
 * extended thinking is on. Pass a `model.chat` result's `providerBlocks` back as they came.
 */
export interface AssistantToolCallMessage {
  role: 'assistant';
  content: string;
  toolCalls: ToolCall[];
  providerBlocks?: unknown[];
}

/** A tool's result, answering the call with id `toolCallId`. */
export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  content: string;
}

/** A message of a conversation a task sends: a plain message, or a tool call or result. */
export type ChatMessage = Message | AssistantToolCallMessage | ToolResultMessage;

/** The opaque provider blocks an assistant message carries (none for a plain message). */
export function providerBlocksOf(m: ChatMessage): unknown[] {
  return m.role === 'assistant' && 'providerBlocks' in m && Array.isArray(m.providerBlocks)
    ? m.providerBlocks
    : [];
}

/** The tool calls an assistant message carries (none for a plain message). */
export function toolCallsOf(m: ChatMessage): ToolCall[] {
  return m.role === 'assistant' && 'toolCalls' in m && Array.isArray(m.toolCalls) ? m.toolCalls : [];
}
