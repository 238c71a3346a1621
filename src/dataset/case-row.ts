import { z } from 'zod';

/** One case of the dataset, as stored in the run folder (`cases.jsonl`) for the reports. */
export const caseRowSchema = z.object({
  id: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

export type CaseRow = z.infer<typeof caseRowSchema>;
