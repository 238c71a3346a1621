import type { ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import { resolveModels } from '../config/resolve-models.ts';
import type { Message } from '../config/schema.ts';
import { ConfigError } from '../errors.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import type { Provider } from '../providers/provider.ts';
import type { JudgeFn } from '../scorers/llm-judge.ts';
import type { AttemptRecord } from '../types.ts';
import { type MeterDeps, meteredChat } from './metered-chat.ts';
import { JudgeFailed } from './run-sample.ts';

/** Resolves each llmJudge scorer's model, keyed `judge:INDEX`. */
export function resolveJudges(suite: ResolvedSuite, allowUnpriced = false): Map<string, ResolvedModel> {
  const out = new Map<string, ResolvedModel>();
  suite.config.scorers.forEach((s, i) => {
    if (s.type !== 'llmJudge') return;
    const { models, issues } = resolveModels(
      { ...suite.config, models: [s.model], params: { temperature: 0, maxTokens: 256, ...suite.config.params, ...s.params } },
      (path) => ({ file: suite.file, path: ['scorers', i, ...path.slice(1)].join('.'), line: null }),
      { allowUnpriced },
    );
    if (issues.length > 0) throw new ConfigError(issues.map((x) => ({ ...x, path: `scorers.${i}.model` })));
    out.set(`judge:${i}`, models[0]!);
  });
  return out;
}

/** Builds the judge runner a sample's scorers use: metered calls on the judge ledger. */
export function makeJudgeFactory(
  judges: Map<string, ResolvedModel>,
  providers: Map<string, Provider>,
  deps: Omit<MeterDeps, 'countPromptTokens'>,
): (attempts: AttemptRecord[], label: string) => JudgeFn {
  return (attempts, label) => async (judgeId: string, messages: Message[]) => {
    const model = judges.get(judgeId);
    const provider = model && providers.get(model.id);
    if (!model || !provider) throw new Error(`no judge model for ${judgeId}`);
    const out = await meteredChat(
      {
        provider,
        model,
        request: { model: model.model, messages, params: model.params, promptCaching: model.promptCaching },
        repeat: 0,
        callIndex: 0,
        ledger: 'judge',
        label: `judge for ${label}`,
      },
      { ...deps, countPromptTokens: (req) => countPromptTokens(model.provider, req.messages) },
      attempts,
    );
    if (!out.ok) throw new JudgeFailed({ ...out.error, message: `judge call failed: ${out.error.message}` });
    return out.text;
  };
}
