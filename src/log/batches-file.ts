/**
 * `batches.json`: the provider batches a run submitted, so a restart polls them instead of
 * submitting again. Version 1 has this shape; no other version exists yet.
 */
import { z } from 'zod';
import { checkVersion, parseJson, parseWith } from './parse-file.ts';

export const BATCHES_VERSION = 1;

/** One submitted (or being submitted) provider batch. */
export const batchEntrySchema = z.object({
  /** tollgate's own id for the batch, also sent as metadata (`tollgate_batch`) where the API has it. */
  key: z.string(),
  api: z.enum(['openai', 'anthropic']),
  /** The provider endpoint the batch went to (no credentials). */
  endpoint: z.string(),
  /** The model id (suite id) every line of the batch uses. */
  modelId: z.string(),
  /** The provider's batch id; null while the create call has not answered yet. */
  id: z.string().nullable(),
  inputFileId: z.string().nullable(),
  submittedAt: z.string(),
  /** The samples in the batch: line `i` has custom_id `s{i}`. */
  samples: z.array(z.object({ candidate: z.string(), caseId: z.string(), repeat: z.number() })),
});

export const batchesFileSchema = z.object({
  version: z.literal(BATCHES_VERSION),
  batches: z.array(batchEntrySchema),
});

export type BatchEntry = z.infer<typeof batchEntrySchema>;

/** Parses and checks batches.json text; `path` is for messages. */
export function parseBatchesFile(text: string, path: string): BatchEntry[] {
  const at = { file: path, line: null };
  const fix = 'the run folder is damaged; start a new run';
  const data = parseJson(text, at, fix);
  checkVersion(data, BATCHES_VERSION, 'batches.json', at);
  return parseWith(batchesFileSchema, data, at, fix).batches;
}

/** batches.json text: one batch per line, so a batch of 10,000 samples stays small and diffs read well. */
export function serializeBatchesFile(entries: BatchEntry[]): string {
  return `{"version": ${BATCHES_VERSION}, "batches": [\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}
