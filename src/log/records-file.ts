/**
 * `records.jsonl`: one sample record per line. Field names and order are part of the file format
 * (see the README's run folder table).
 *
 * Versions: 1 (no `version` field) has attempts without `model` and `tariff`; 2 adds them and a
 * `version: 2` to every line.
 */
import { z } from 'zod';
import { ERROR_KINDS } from '../errors.ts';
import { tariffSchema } from '../pricing/tariff.ts';
import { tokensSchema } from '../pricing/tokens.ts';
import { scoreResultSchema } from '../scorers/score-result.ts';

/** The records version this code writes. */
export const RECORDS_VERSION = 2;

export const sampleErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  status: z.number().nullable(),
  /** The error would repeat identically on every request (a refused connection, an unsupported parameter). */
  deterministic: z.literal(true).optional(),
});

/** One request sent to a provider (or answered by the cache). */
export const attemptRecordSchema = z.object({
  /** HTTP status, or null when no response came back (connection error, timeout). */
  status: z.number().nullable(),
  latencyMs: z.number(),
  /** Usage the response reported, or null when it reported none. */
  tokens: tokensSchema.nullable(),
  /** List-price cost of this attempt; null when the price is unknown. 0 when no usage was reported. */
  costUsd: z.number().nullable(),
  /** What this attempt was actually paid: 0 for a cache hit. */
  spentUsd: z.number().nullable(),
  cached: z.boolean(),
  error: sampleErrorSchema.nullable(),
  /** Which ledger paid: the candidate's or the judge's. */
  ledger: z.enum(['candidate', 'judge']),
  /** The model id (as in `summary.prices.models`) the attempt called. Absent in version 1. */
  model: z.string().optional(),
  /** The tariff the attempt was billed at; null when the model is unpriced. Absent in version 1. */
  tariff: tariffSchema.nullable().optional(),
  /** The response reported no usage: `tokens` were counted locally and the cost priced on them. Absent otherwise. */
  usageEstimated: z.literal(true).optional(),
  /** A judge attempt: the name of the llmJudge scorer it graded for. Absent on candidate attempts and in older records. */
  scorer: z.string().optional(),
});

export const sampleStatusSchema = z.enum(['passed', 'failed', 'error']);

const judgeUsageSchema = z.object({
  attempts: z.number(),
  tokens: tokensSchema,
  costUsd: z.number().nullable(),
  spentUsd: z.number().nullable(),
});

/**
 * What a task's input tokens are made of, summed over its calls and counted locally (an estimate):
 * system messages, the first user message, the history after it, and the tool definitions.
 */
export const inputBreakdownSchema = z.object({
  system: z.number(),
  prompt: z.number(),
  history: z.number(),
  tools: z.number(),
});

/** One line of records.jsonl. */
export const sampleRecordSchema = z.object({
  candidate: z.string(),
  model: z.string(),
  prompt: z.string(),
  caseId: z.string(),
  repeat: z.number(),
  status: sampleStatusSchema,
  output: z.string().nullable(),
  scores: z.array(scoreResultSchema),
  /** Requests sent to the provider for this sample (retries included, cache hits excluded). */
  attempts: z.number(),
  retries: z.number(),
  tokens: tokensSchema,
  /** List-price cost of every candidate attempt that reported usage; null when a price is unknown. */
  costUsd: z.number().nullable(),
  /** What this run paid for this sample's candidate calls (cache hits are $0). */
  spentUsd: z.number().nullable(),
  cached: z.boolean(),
  latencyMs: z.number(),
  error: sampleErrorSchema.nullable(),
  /** Model calls this sample made (1 for a plain prompt, more for a task). */
  calls: z.number(),
  /** Judge usage charged to the judge ledger, never to the candidate. */
  judge: judgeUsageSchema.nullable(),
  /** Every attempt in order. */
  attemptLog: z.array(attemptRecordSchema),
  /** A task's input tokens by source, estimated locally (absent for a plain prompt's one call). */
  inputBreakdown: inputBreakdownSchema.optional(),
  /** The file version: 2 as written now; a version-1 line has none (readers set 1). */
  version: z.union([z.literal(1), z.literal(2)]).optional(),
});

export type SampleError = z.infer<typeof sampleErrorSchema>;
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;
export type SampleStatus = z.infer<typeof sampleStatusSchema>;
export type SampleRecord = z.infer<typeof sampleRecordSchema>;
export type InputBreakdown = z.infer<typeof inputBreakdownSchema>;
export type { ErrorKind } from '../errors.ts';
