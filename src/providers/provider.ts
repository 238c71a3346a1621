import type { Tokens } from '../pricing/tokens.ts';
import type { ChatMessage, Tool, ToolCall, ToolChoice } from '../prompt/chat-message.ts';

/** A token count from a response's usage: a positive finite number, else 0. */
export function tokenCount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

export interface ChatParams {
  temperature: number;
  maxTokens: number;
  topP?: number;
  stop?: string[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  params: ChatParams;
  /** Tools the model may call (tasks only). @default none */
  tools?: Tool[];
  /** @default the provider's own (`auto` when tools are offered) */
  toolChoice?: ToolChoice;
  /** Mark the system prompt as cacheable (Anthropic `cache_control`). */
  promptCaching?: boolean;
}

export interface ChatResponse {
  text: string;
  tokens: Tokens;
  /** false when the response carried no usage: `tokens` are zeros, and the meter counts them locally. */
  usageReported?: boolean;
  status: number;
  finishReason: string | null;
  /** The tool calls the model made. @default none */
  toolCalls?: ToolCall[];
}

export interface CallOptions {
  signal: AbortSignal;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

/**
 * A provider sends one attempt and reports what came back. It never retries: tollgate owns
 * retries so that each attempt is counted and priced.
 */
export interface Provider {
  /** `openai`, `anthropic` or `sim`. */
  readonly name: string;
  /** The endpoint, for queues and cache keys (no credentials). */
  readonly endpoint: string;
  /** The env var holding the key, for error messages. */
  readonly apiKeyEnv: string | null;
  /** The exact request body sent for this request; the cache key hashes it. */
  requestBody(req: ChatRequest): Record<string, unknown>;
  chat(req: ChatRequest, opts: CallOptions): Promise<ChatResponse>;
}
