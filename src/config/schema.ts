import { z } from 'zod';
import { jsonSchemaObject } from '../json-schema/schema-object.ts';
import type { Tokens } from '../pricing/tokens.ts';
import type { ChatMessage, Tool, ToolCall, ToolChoice } from '../prompt/chat-message.ts';
import { type PromptConfig, promptSchema } from '../prompt/prompt-schema.ts';
import { limitsSchema } from '../providers/limits-schema.ts';
import { modelSchema, type Params, paramsSchema } from '../providers/model-schema.ts';
import type { StopReason } from '../providers/tool-messages.ts';
import { regexString, scorerSchema } from '../scorers/scorer-schema.ts';

/**
 * The suite schema: the single source of the suite types (`z.infer`) and of their validation.
 * YAML suites and TS suites (`defineSuite`) are both checked against it. It composes the rooms'
 * pieces: prompts and messages (src/prompt/), models, params and prices (src/providers/,
 * src/pricing/) and scorers (src/scorers/scorer-schema.ts).
 */

export type { PriceInput } from '../pricing/price-schema.ts';
export { priceSchema } from '../pricing/price-schema.ts';
export type {
  AssistantToolCallMessage,
  ChatMessage,
  Tool,
  ToolCall,
  ToolChoice,
  ToolResultMessage,
} from '../prompt/chat-message.ts';
export type { Message } from '../prompt/message-schema.ts';
export { messageSchema } from '../prompt/message-schema.ts';
export type { PromptConfig } from '../prompt/prompt-schema.ts';
export { promptSchema } from '../prompt/prompt-schema.ts';
export type { TaskLimits } from '../providers/limits-schema.ts';
export type { ModelInput, ModelObject, Params } from '../providers/model-schema.ts';
export { modelObjectSchema, modelSchema, paramsSchema, providerNames } from '../providers/model-schema.ts';
export type { StopReason } from '../providers/tool-messages.ts';
export type { CustomScorerFn, ScorerConfig } from '../scorers/scorer-schema.ts';
export { judgeSchema, scorerSchema } from '../scorers/scorer-schema.ts';

export const runtimeCheckSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('regex'), pattern: regexString, flags: z.string().optional() }),
  z.strictObject({ type: z.literal('jsonSchema'), schema: jsonSchemaObject }),
  z.strictObject({ type: z.literal('judge'), scorer: z.string().optional() }),
  /** Any scorer's recorded verdict, by its name (a check that reads the reference is optimistic). */
  z.strictObject({ type: z.literal('scorer'), scorer: z.string().min(1) }),
]);

export const cascadeSchema = z.strictObject({
  id: z.string().min(1),
  steps: z.array(z.string()).min(2),
  escalateWhen: runtimeCheckSchema,
});

/**
 * Self-hosting for the production calculator: the GPU's price, its prompt (prefill) and output
 * (decode) throughput per GPU, and the share of the day it is busy. `tokensPerSecond` is the
 * deprecated single figure: it stands for both throughputs when they are not given.
 */
export const selfHostSchema = z
  .strictObject({
    gpuUsdPerHour: z.number().positive(),
    /** Prompt tokens a GPU processes per second (prefill). */
    promptTokensPerSecond: z.number().positive().optional(),
    /** Output tokens a GPU generates per second (decode), summed over its concurrent requests. */
    outputTokensPerSecond: z.number().positive().optional(),
    /** Share of the day a GPU is busy serving. @default 0.5 */
    utilisation: z.number().positive().max(1).optional(),
    /** @deprecated one figure for prompt and output: use promptTokensPerSecond and outputTokensPerSecond. */
    tokensPerSecond: z.number().positive().optional(),
  })
  .superRefine((v, ctx) => {
    const split = v.promptTokensPerSecond !== undefined || v.outputTokensPerSecond !== undefined;
    if (split && v.tokensPerSecond !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tokensPerSecond'],
        message:
          'either promptTokensPerSecond and outputTokensPerSecond, or the deprecated tokensPerSecond alone, not both',
      });
    else if (!split && v.tokensPerSecond === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['promptTokensPerSecond'],
        message: 'promptTokensPerSecond and outputTokensPerSecond (tokens per second per GPU)',
      });
    else if (split && (v.promptTokensPerSecond === undefined || v.outputTokensPerSecond === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.promptTokensPerSecond === undefined ? 'promptTokensPerSecond' : 'outputTokensPerSecond'],
        message: 'both promptTokensPerSecond and outputTokensPerSecond',
      });
  });

/** The gate's thresholds (docs/gate.md); each has its default. */
export const gateSchema = z.strictObject({
  maxAccuracyDrop: z.number().min(0).max(1).default(0.02),
  maxCostIncrease: z.number().min(0).default(0.1),
  /** The largest relative rise in mean tokens per sample tolerated (0.20 = +20%). */
  maxTokenIncrease: z.number().min(0).default(0.2),
});

/** The gate's thresholds when a suite sets none. */
export const DEFAULT_GATE: Readonly<z.output<typeof gateSchema>> = Object.freeze(
  gateSchema.parse({}, { jitless: true }),
);

export const suiteSchema = z.strictObject({
  /** @default the file name */
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'a name of letters, digits, _ . -')
    .optional(),
  description: z.string().optional(),
  /** Path to .jsonl, .json or .csv, relative to the suite file; or inline rows (TS suites). */
  dataset: z.union([z.string().min(1), z.array(z.record(z.string(), z.unknown())).min(1)]),
  /** Dataset column holding each case's id. @default "id" (falls back to the row number) */
  idField: z.string().optional(),
  /**
   * Dataset columns to break the figures down by (accuracy, cost per success, coverage per
   * candidate per group), each column on its own; a list value puts a case in each of its groups.
   */
  groupBy: z.array(z.string().min(1)).min(1).optional(),
  prompts: z.array(promptSchema).min(1).optional(),
  models: z.array(modelSchema).min(1),
  params: paramsSchema.optional(),
  scorers: z.array(scorerSchema).min(1),
  /** Whether a sample must pass all scorers or any one. */
  pass: z.enum(['all', 'any']).default('all'),
  repeats: z.number().int().positive().default(1),
  /** Requests in flight per provider endpoint. */
  concurrency: z.number().int().positive().default(8),
  /** Per-attempt timeout. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Attempts per request, the first included. */
  maxAttempts: z.number().int().positive().max(20).default(5),
  qualityBar: z.number().min(0).max(1).optional(),
  /**
   * The least coverage (samples scored / planned) a candidate needs to be picked, put on the
   * frontier and gated; below it the candidate is incomplete and the run exits 3.
   * @default 0.98
   */
  minCoverage: z.number().min(0).max(1).default(0.98),
  budgetUsd: z.number().nonnegative().optional(),
  /** @default true when qualityBar is set */
  earlyStop: z.boolean().optional(),
  /** Seed for case order and `--sample`. */
  seed: z.number().int().default(1),
  projection: z
    .strictObject({
      tasksPerDay: z.number().positive(),
      monitoringUsdPerMonth: z.number().nonnegative().optional(),
      humanReviewUsdPerTask: z.number().nonnegative().optional(),
      growth: z.number().positive().optional(),
      /** Add the eval's judge cost per sample to the API cost (production runs the judge too). @default false */
      includeJudge: z.boolean().optional(),
      selfHost: selfHostSchema.optional(),
    })
    .optional(),
  gate: gateSchema.prefault({}),
  cascades: z.array(cascadeSchema).optional(),
  /** Per-task limits (model calls, tokens, cost, wall time) for every sample; a model's own override them. */
  limits: limitsSchema.optional(),
  /** TS suites: replaces the single call with a multi-call task. */
  task: z.custom<TaskFn>((v) => typeof v === 'function', 'a function').optional(),
});

export type SuiteInput = z.input<typeof suiteSchema>;
export type SuiteConfig = z.output<typeof suiteSchema>;
export type CascadeConfig = z.output<typeof cascadeSchema>;

/** What a task's `model.chat` resolves to. */
export interface ChatResult {
  text: string;
  /** The tools the model called (none when it answered in text). */
  toolCalls: ToolCall[];
  /**
   * Blocks the provider needs back unchanged with these tool calls (Anthropic's thinking blocks when
   * extended thinking is on); absent when none. Put them on the assistant message that carries the
   * tool calls: `{ role: 'assistant', content: text, toolCalls, providerBlocks }`.
   */
  providerBlocks?: unknown[];
  /** Why the model stopped, the same across providers (`tool_use` when it called tools). */
  stopReason: StopReason;
  /** Usage of this call, its retries included. */
  tokens: Tokens;
  costUsd: number | null;
}

/** A task's options for one `model.chat` call: params to override, and the tools it offers. */
export interface ChatOptions extends Params {
  tools?: Tool[];
  toolChoice?: ToolChoice;
}

export interface TaskContext {
  input: Record<string, unknown>;
  prompt: PromptConfig;
  model: { id: string; chat(messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult> };
  /** Aborted when the run is interrupted or the task's `limits.timeoutMs` passes. */
  signal: AbortSignal;
}

export type TaskFn = (ctx: TaskContext) => Promise<string>;
