import { z } from 'zod';
import { priceSchema } from '../pricing/price-schema.ts';
import { limitsSchema } from './limits-schema.ts';

/** Sampling parameters, as a suite, a model or a judge sets them. Unset ones are inherited. */
export const paramsSchema = z.strictObject({
  /** @default 0 */
  temperature: z.number().min(0).max(2).optional(),
  /** Output cap per call; also what the budget reserves. @default 512 */
  maxTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string()).optional(),
});

export type Params = z.output<typeof paramsSchema>;

/** The parameters a call is sent with: the inherited ones, with temperature and maxTokens defaulted. */
export const chatParamsSchema = paramsSchema.extend({
  temperature: paramsSchema.shape.temperature.unwrap().default(0),
  maxTokens: paramsSchema.shape.maxTokens.unwrap().default(512),
});

export const providerNames = ['openai', 'anthropic', 'sim', 'azure', 'bedrock', 'vertex', 'gemini'] as const;

export const modelObjectSchema = z.strictObject({
  /** The model's id in candidate ids. @default the model name */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'an id of letters, digits, _ . : -')
    .optional(),
  provider: z.enum(providerNames),
  model: z.string().min(1),
  baseURL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  /** The environment variable holding the API key. @default OPENAI_API_KEY or ANTHROPIC_API_KEY */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
  price: priceSchema.optional(),
  params: paramsSchema.optional(),
  /** Mark the system prompt for caching (Anthropic `cache_control`). @default false */
  promptCaching: z.boolean().optional(),
  /** Azure OpenAI: the deployment name. @default the model name */
  deployment: z.string().min(1).optional(),
  /** Azure OpenAI: the API version. @default OPENAI_API_VERSION, else 2024-10-21 */
  apiVersion: z.string().min(1).optional(),
  /** Bedrock or Vertex: the cloud region. @default AWS_REGION or CLOUD_ML_REGION */
  region: z.string().min(1).optional(),
  /** Vertex: the Google Cloud project. @default ANTHROPIC_VERTEX_PROJECT_ID or GOOGLE_CLOUD_PROJECT */
  projectId: z.string().min(1).optional(),
  /** Requests in flight for this model's endpoint (overrides the suite's). */
  concurrency: z.number().int().positive().optional(),
  /**
   * Anthropic only: send the 1M-token context beta header (`anthropic-beta: context-1m-2025-08-07`)
   * so prompts over 200k tokens are accepted; they bill at the long-context tier. @default false
   */
  longContext: z.boolean().optional(),
  /** Per-task limits for this model, each overriding the suite's. */
  limits: limitsSchema.optional(),
});

/** `PROVIDER:MODEL` shorthand or the full object. */
export const modelSchema = z.union([
  z
    .string()
    .regex(
      /^(openai|anthropic|sim|azure|bedrock|vertex|gemini):.+$/,
      'PROVIDER:MODEL with provider openai, anthropic, sim, azure, bedrock, vertex or gemini',
    ),
  modelObjectSchema,
]);

export type ModelInput = z.output<typeof modelSchema>;
export type ModelObject = z.output<typeof modelObjectSchema>;
