import { z } from 'zod';
import { schemaProblems } from './compile.ts';

/**
 * A JSON Schema (draft 2020-12) in a suite: an object that compiles. It is compiled as the suite
 * loads, so a bad schema is exit 2 naming its field path, never a failure mid-run.
 */
export const jsonSchemaObject = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  for (const problem of schemaProblems(schema))
    ctx.addIssue({ code: 'custom', message: `a valid JSON Schema, draft 2020-12 (${problem})` });
});
