import type { Tokens } from '../pricing/tokens.ts';
import type { ChatMessage, Tool, ToolCall, ToolChoice } from '../prompt/chat-message.ts';
import type { Params } from './model-schema.ts';
import type { RequestSlots } from './request-slots.ts';

/** A token count from a response's usage: a positive finite number, else 0. */
export function tokenCount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

/** The params one call is sent with (src/providers/sampling-params.ts decides which). */
export interface ChatParams {
  /** Absent for reasoning models and Anthropic thinking, unless the model sets it. */
  temperature?: number;
  maxTokens: number;
  topP?: number;
  stop?: string[];
  reasoningEffort?: Params['reasoningEffort'];
  verbosity?: Params['verbosity'];
  thinking?: { budgetTokens: number };
  responseFormat?: Params['responseFormat'];
  /** Merged into the request body last (src/providers/extra-body.ts). */
  extra?: Record<string, unknown>;
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
  /** Blocks the provider needs back unchanged with the tool calls (Anthropic thinking). @default none */
  providerBlocks?: unknown[];
}

export interface CallOptions {
  signal: AbortSignal;
  /** Per-attempt timeout, from the moment the request is sent. */
  timeoutMs: number;
  /**
   * The endpoint's request slots, for a provider that `takesSlots`: its request takes one once
   * built, just before it is sent. @default none: the caller bounds the requests in flight
   */
  slots?: RequestSlots;
  /** Called when a provider that `takesSlots` has its slot and sends. @default none */
  onSend?: () => void;
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
  /**
   * Takes a request slot itself (`CallOptions.slots`), once its request is built
   * (src/providers/slotted-client.ts); otherwise the caller takes one before calling `chat`.
   * @default false
   */
  readonly takesSlots?: boolean;
  /**
   * Sends one attempt.
   * @throws ProviderError for what came back (or did not); RequestNotSent when aborted before sending
   */
  chat(req: ChatRequest, opts: CallOptions): Promise<ChatResponse>;
}
