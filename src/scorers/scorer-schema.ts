import { z } from 'zod';
import { jsonSchemaObject } from '../json-schema/schema-object.ts';
import { modelSchema, paramsSchema } from '../providers/model-schema.ts';

/**
 * Each scorer's options, as a suite's `scorers:` entry gives them. The suite schema
 * (src/config/schema.ts) takes the union, `scorerSchema`; the scorers read the parsed options.
 */

/** A string that compiles as a JavaScript regular expression. */
export const regexString = z.string().superRefine((src, ctx) => {
  try {
    new RegExp(src);
  } catch (err) {
    ctx.addIssue({
      code: 'custom',
      message: `a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')}); escape ( [ { with a backslash`,
    });
  }
});

/** What every text-reading scorer takes: the reference field, case folding, trimming and extraction. */
const textOptions = {
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

/** `equals`: the output equals the reference. */
export const equalsOptionsSchema = z.strictObject({ type: z.literal('equals'), ...textOptions });

/** `includes`: the output contains the reference. */
export const includesOptionsSchema = z.strictObject({ type: z.literal('includes'), ...textOptions });

/** `regex`: the output matches `pattern`, or the reference read as a pattern. */
export const regexOptionsSchema = z.strictObject({
  type: z.literal('regex'),
  ...textOptions,
  pattern: regexString.optional(),
  flags: z
    .string()
    .regex(/^[dgimsuvy]*$/, 'regex flags such as "i" or "s"')
    .optional(),
});

/** `numeric`: the output is a number within `tolerance` of the reference. */
export const numericOptionsSchema = z.strictObject({
  type: z.literal('numeric'),
  ...textOptions,
  /** @default 0 */
  tolerance: z.number().nonnegative().optional(),
});

/** `jsonSchema`: the output is JSON that satisfies `schema`. */
export const jsonSchemaOptionsSchema = z.strictObject({
  type: z.literal('jsonSchema'),
  ...textOptions,
  schema: jsonSchemaObject,
});

/** A judge: its rubric (a template over the case's fields and `output`), model and params. */
export const judgeSchema = z.strictObject({
  rubric: z.string().min(1),
  model: modelSchema,
  params: paramsSchema.optional(),
});

/** `llmJudge`: a model grades the output against a rubric. */
export const llmJudgeOptionsSchema = z.strictObject({
  type: z.literal('llmJudge'),
  ...textOptions,
  ...judgeSchema.shape,
});

export type CustomScorerFn = (args: {
  output: string;
  input: Record<string, unknown>;
}) =>
  | boolean
  | number
  | { pass: boolean; score?: number; reason?: string }
  | Promise<boolean | number | { pass: boolean; score?: number; reason?: string }>;

/** `custom` (TS suites): a function of the output and the case. */
export const customOptionsSchema = z.strictObject({
  type: z.literal('custom'),
  name: z.string().optional(),
  fn: z.custom<CustomScorerFn>((v) => typeof v === 'function', 'a function'),
});

export const scorerSchema = z.discriminatedUnion('type', [
  equalsOptionsSchema,
  includesOptionsSchema,
  regexOptionsSchema,
  numericOptionsSchema,
  jsonSchemaOptionsSchema,
  llmJudgeOptionsSchema,
  customOptionsSchema,
]);

export type ScorerConfig = z.output<typeof scorerSchema>;
