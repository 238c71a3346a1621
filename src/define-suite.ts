import type { SuiteInput } from './config/schema.ts';

/**
 * Declares a TS suite (`suites/NAME.ts`): an identity function that exists for type inference.
 * The default export is validated by `loadSuite` against the same zod schema as a YAML suite, so a
 * wrong field is reported the same way (file, field path, what was expected, the fix; exit 2).
 *
 * A TS suite can do what YAML cannot: a `custom` scorer with a function, inline dataset rows, and a
 * `task` that replaces the single model call with a multi-call pipeline. Every `model.chat` call a
 * task makes is metered and charged to its sample.
 *
 * @example
 * import { defineSuite } from 'tollgate';
 * export default defineSuite({
 *   dataset: '../datasets/agent.jsonl',
 *   models: ['sim:sim-mid'],
 *   scorers: [{ type: 'custom', fn: ({ output, input }) => output === input.expected }],
 *   task: async ({ input, model }) => (await model.chat([{ role: 'user', content: String(input.question) }])).text,
 * });
 */
export function defineSuite(suite: SuiteInput): SuiteInput {
  return suite;
}
