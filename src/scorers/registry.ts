import { jsonSchemaScorer } from './json-schema-scorer.ts';
import { llmJudgeScorer } from './llm-judge.ts';
import type { Scorer } from './scorer.ts';
import type { ScorerConfig } from './scorer-schema.ts';
import { equalsScorer, includesScorer, numericScorer, regexScorer } from './text-scorers.ts';

/** Builds a scorer from its config. llmJudge scorers name their judge as `judge:INDEX`. */
export function createScorer(config: ScorerConfig, index: number): Scorer {
  switch (config.type) {
    case 'equals':
      return equalsScorer(config);
    case 'includes':
      return includesScorer(config);
    case 'regex':
      return regexScorer(config);
    case 'numeric':
      return numericScorer(config);
    case 'jsonSchema':
      return jsonSchemaScorer(config);
    case 'llmJudge':
      return llmJudgeScorer({ ...config, judgeId: `judge:${index}` });
    case 'custom': {
      const name = config.name ?? 'custom';
      return {
        name,
        async score({ output, fields }) {
          const v = await config.fn({ output, input: fields });
          if (typeof v === 'boolean')
            return {
              scorer: name,
              pass: v,
              score: v ? 1 : 0,
              reason: v ? 'custom check passed' : 'custom check failed',
            };
          if (typeof v === 'number')
            return { scorer: name, pass: v >= 0.5, score: v, reason: `custom score ${v}` };
          return { scorer: name, pass: v.pass, score: v.score ?? (v.pass ? 1 : 0), reason: v.reason ?? '' };
        },
      };
    }
  }
}
