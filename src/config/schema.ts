import { z } from 'zod';
import { checkSchema } from '../scorers/json-schema.ts';

/** A string that compiles as a JavaScript regular expression. */
const regexString = z.string().superRefine((src, ctx) => {
  try {
    new RegExp(src);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')}); escape ( [ { with a backslash`,
    });
  }
});

/** A JSON Schema in the subset tollgate validates. */
const jsonSchemaObject = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  for (const problem of checkSchema(schema))
    ctx.addIssue({ code: 'custom', message: `a JSON Schema tollgate supports (${problem})` });
});

/**
 * The suite schema: the single source of the suite types (`z.infer`) and of their validation.
 * YAML suites and TS suites (`defineSuite`) are both checked against it.
 */

const role = z.enum(['system', 'user', 'assistant']);

export const messageSchema = z.strictObject({
  role,
  content: z.string(),
});

export const promptSchema = z
  .strictObject({
    /** The prompt id; candidate ids are `MODEL_ID/PROMPT_ID`. */
    id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, _ . : -'),
    system: z.string().optional(),
    user: z.string().optional(),
    messages: z.array(messageSchema).min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.messages && (p.system !== undefined || p.user !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'either `messages` or `system`/`user`, not both',
        path: ['messages'],
      });
    }
    if (!p.messages && p.user === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a `user` template or a `messages` list', path: ['user'] });
    }
  });

/** USD per 1M tokens. Missing cache prices default to the input price. */
export const priceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
  batchDiscount: z.number().gt(0).max(1).optional(),
});

export const paramsSchema = z.strictObject({
  /** @default 0 */
  temperature: z.number().min(0).max(2).optional(),
  /** Output cap per call; also what the budget reserves. @default 512 */
  maxTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string()).optional(),
});

export const providerNames = ['openai', 'anthropic', 'sim'] as const;

export const modelObjectSchema = z.strictObject({
  /** The model's id in candidate ids. @default the model name */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, _ . : -')
    .optional(),
  provider: z.enum(providerNames),
  model: z.string().min(1),
  baseURL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  /** The environment variable holding the API key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
  price: priceSchema.optional(),
  params: paramsSchema.optional(),
  /** Mark the system prompt for caching (Anthropic `cache_control`). @default false */
  promptCaching: z.boolean().optional(),
  /** Requests in flight for this model's endpoint (overrides the suite's). */
  concurrency: z.number().int().positive().optional(),
});

/** `PROVIDER:MODEL` shorthand or the full object. */
export const modelSchema = z.union([
  z.string().regex(/^(openai|anthropic|sim):.+$/, 'PROVIDER:MODEL with provider openai, anthropic or sim'),
  modelObjectSchema,
]);

const scorerBase = {
  /** Dataset column holding the reference. @default "expected" */
  field: z.string().optional(),
  /** @default false */
  ignoreCase: z.boolean().optional(),
  /** @default true */
  trim: z.boolean().optional(),
  /** A regex whose first capture group is the answer to compare. */
  extract: regexString.optional(),
  /** A display name for reports. */
  name: z.string().optional(),
};

export const judgeSchema = z.strictObject({
  rubric: z.string().min(1),
  model: modelSchema,
  params: paramsSchema.optional(),
});

export const scorerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('equals'), ...scorerBase }),
  z.strictObject({ type: z.literal('includes'), ...scorerBase }),
  z.strictObject({
    type: z.literal('regex'),
    ...scorerBase,
    pattern: regexString.optional(),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, 'regex flags such as "i" or "s"')
      .optional(),
  }),
  z.strictObject({
    type: z.literal('numeric'),
    ...scorerBase,
    tolerance: z.number().nonnegative().optional(),
  }),
  z.strictObject({ type: z.literal('jsonSchema'), ...scorerBase, schema: jsonSchemaObject }),
  z.strictObject({ type: z.literal('llmJudge'), ...scorerBase, ...judgeSchema.shape }),
  z.strictObject({
    type: z.literal('custom'),
    name: z.string().optional(),
    fn: z.custom<CustomScorerFn>((v) => typeof v === 'function', 'a function'),
  }),
]);

export type CustomScorerFn = (args: {
  output: string;
  input: Record<string, unknown>;
}) =>
  | boolean
  | number
  | { pass: boolean; score?: number; reason?: string }
  | Promise<boolean | number | { pass: boolean; score?: number; reason?: string }>;

export const runtimeCheckSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('regex'), pattern: regexString, flags: z.string().optional() }),
  z.strictObject({ type: z.literal('jsonSchema'), schema: jsonSchemaObject }),
  z.strictObject({ type: z.literal('judge'), scorer: z.string().optional() }),
]);

export const cascadeSchema = z.strictObject({
  id: z.string().min(1),
  steps: z.array(z.string()).min(2),
  escalateWhen: runtimeCheckSchema,
});

/** The gate's thresholds when a suite sets none (docs/gate.md). */
export const DEFAULT_GATE = { maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 } as const;

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
  prompts: z.array(promptSchema).min(1).optional(),
  models: z.array(modelSchema).min(1),
  params: paramsSchema.optional(),
  scorers: z.array(scorerSchema).min(1),
  /** @default "all" */
  pass: z.enum(['all', 'any']).optional(),
  /** @default 1 */
  repeats: z.number().int().positive().optional(),
  /** Requests in flight per provider endpoint. @default 8 */
  concurrency: z.number().int().positive().optional(),
  /** Per-attempt timeout. @default 60000 */
  timeoutMs: z.number().int().positive().optional(),
  /** @default 5 */
  maxAttempts: z.number().int().positive().max(20).optional(),
  qualityBar: z.number().min(0).max(1).optional(),
  budgetUsd: z.number().nonnegative().optional(),
  /** @default true when qualityBar is set */
  earlyStop: z.boolean().optional(),
  /** Seed for case order and `--sample`. @default 1 */
  seed: z.number().int().optional(),
  projection: z
    .strictObject({
      tasksPerDay: z.number().positive(),
      monitoringUsdPerMonth: z.number().nonnegative().optional(),
      humanReviewUsdPerTask: z.number().nonnegative().optional(),
      growth: z.number().positive().optional(),
      selfHost: z
        .strictObject({ gpuUsdPerHour: z.number().positive(), tokensPerSecond: z.number().positive() })
        .optional(),
    })
    .optional(),
  gate: z
    .strictObject({
      /** @default 0.02 */
      maxAccuracyDrop: z.number().min(0).max(1).optional(),
      /** @default 0.10 */
      maxCostIncrease: z.number().min(0).optional(),
    })
    .optional(),
  cascades: z.array(cascadeSchema).optional(),
  /** TS suites: replaces the single call with a multi-call task. */
  task: z.custom<TaskFn>((v) => typeof v === 'function', 'a function').optional(),
});

export type SuiteInput = z.input<typeof suiteSchema>;
export type SuiteConfig = z.output<typeof suiteSchema>;
export type ModelInput = z.output<typeof modelSchema>;
export type ModelObject = z.output<typeof modelObjectSchema>;
export type PromptConfig = z.output<typeof promptSchema>;
export type ScorerConfig = z.output<typeof scorerSchema>;
export type Params = z.output<typeof paramsSchema>;
export type PriceInput = z.output<typeof priceSchema>;
export type Message = z.output<typeof messageSchema>;
export type CascadeConfig = z.output<typeof cascadeSchema>;

/** What a task's `model.chat` resolves to. */
export interface ChatResult {
  text: string;
  tokens: import('../pricing/tokens.ts').Tokens;
  costUsd: number | null;
}

export interface TaskContext {
  input: Record<string, unknown>;
  prompt: PromptConfig;
  model: { id: string; chat(messages: Message[], opts?: Params): Promise<ChatResult> };
  signal: AbortSignal;
}

export type TaskFn = (ctx: TaskContext) => Promise<string>;
