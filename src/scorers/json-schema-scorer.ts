import { validate } from '../json-schema/compile.ts';
import { prepareOutput, type Scorer, type TextOptions, verdict } from './scorer.ts';

/** The output parses as JSON (after `extract`) and matches the schema. */
export function jsonSchemaScorer(
  o: TextOptions & { name?: string; schema: Record<string, unknown> },
): Scorer {
  const name = o.name ?? 'jsonSchema';
  return {
    name,
    score({ output }) {
      const { text, extracted } = prepareOutput(output, { ...o, ignoreCase: false });
      if (!extracted) return verdict(name, false, 'extract pattern did not match');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return verdict(name, false, `not JSON: ${(e as Error).message}`);
      }
      const errs = validate(o.schema, value);
      return verdict(
        name,
        errs.length === 0,
        errs.length === 0 ? 'valid JSON matching the schema' : errs.slice(0, 3).join('; '),
      );
    },
  };
}
