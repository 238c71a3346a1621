import { resolveModels } from '../config/resolve-models.ts';
import type { ResolvedModel, ResolvedSuite } from '../config/resolved.ts';
import type { Message } from '../config/schema.ts';
import { ConfigError } from '../errors.ts';
import type { AttemptRecord } from '../log/records-file.ts';
import type { Provider } from '../providers/provider.ts';
import type { JudgeFn } from '../scorers/scorer.ts';
import { chatRequest } from './chat-request.ts';
import { type MeterDeps, meteredChat } from './metered-chat.ts';
import { JudgeFailed } from './run-sample.ts';

/** A judge's own defaults: deterministic, and room for a one-sentence JSON verdict. */
export const JUDGE_DEFAULT_PARAMS = { temperature: 0, maxTokens: 256 };

/**
 * Resolves each llmJudge scorer's model, keyed `judge:INDEX`. A judge takes its params from its
 * scorer (`params`, or the model's own) over JUDGE_DEFAULT_PARAMS, never from the suite's `params`,
 * which are the candidates' sampling settings. A judge whose id is a candidate model's id but which
 * reaches another endpoint or has another price is renamed `judge:INDEX:ID`, so the two never share
 * a provider or a price.
 */
export function resolveJudges(suite: ResolvedSuite, allowUnpriced = false): Map<string, ResolvedModel> {
  const out = new Map<string, ResolvedModel>();
  suite.config.scorers.forEach((s, i) => {
    if (s.type !== 'llmJudge') return;
    const { models, issues } = resolveModels(
      { ...suite.config, models: [s.model], params: { ...JUDGE_DEFAULT_PARAMS, ...s.params } },
      (path) => ({ file: suite.file, path: ['scorers', i, ...path.slice(1)].join('.'), line: null }),
      { allowUnpriced },
    );
    if (issues.length > 0) throw new ConfigError(issues.map((x) => ({ ...x, path: `scorers.${i}.model` })));
    const judge = models[0]!;
    const twin = suite.models.find((m) => m.id === judge.id);
    out.set(
      `judge:${i}`,
      twin && !sameEndpointAndPrice(twin, judge) ? { ...judge, id: `judge:${i}:${judge.id}` } : judge,
    );
  });
  return out;
}

function sameEndpointAndPrice(a: ResolvedModel, b: ResolvedModel): boolean {
  return (
    a.provider === b.provider &&
    a.model === b.model &&
    a.baseURL === b.baseURL &&
    a.apiKeyEnv === b.apiKeyEnv &&
    JSON.stringify(a.price) === JSON.stringify(b.price)
  );
}

/** Each llmJudge scorer's name (its `name`, default `llmJudge`), keyed `judge:INDEX` as its model is. */
export function judgeScorerNames(suite: Pick<ResolvedSuite, 'config'>): Map<string, string> {
  const out = new Map<string, string>();
  suite.config.scorers.forEach((s, i) => {
    if (s.type === 'llmJudge') out.set(`judge:${i}`, s.name ?? 'llmJudge');
  });
  return out;
}

/**
 * Builds the judge runner a sample's scorers use: metered calls on the judge ledger. Each judge
 * attempt records the name of the scorer it graded for (`scorer`), so a cascade whose check is that
 * judge is charged exactly its calls.
 */
export function makeJudgeFactory(
  judges: Map<string, ResolvedModel>,
  providers: Map<string, Provider>,
  deps: Omit<MeterDeps, 'signal'>,
  scorerNames: Map<string, string> = new Map(),
): (attempts: AttemptRecord[], label: string, signal: AbortSignal) => JudgeFn {
  return (attempts, label, signal) => async (judgeId: string, messages: Message[]) => {
    const model = judges.get(judgeId);
    const provider = model && providers.get(model.id);
    if (!model || !provider) throw new Error(`no judge model for ${judgeId}`);
    const before = attempts.length;
    const scorer = scorerNames.get(judgeId);
    const out = await meteredChat(
      {
        provider,
        model,
        request: chatRequest(model, messages),
        repeat: 0,
        callIndex: 0,
        ledger: 'judge',
        label: `judge for ${label}`,
      },
      { ...deps, signal },
      attempts,
    ).finally(() => {
      if (scorer !== undefined) for (const a of attempts.slice(before)) a.scorer = scorer;
    });
    if (!out.ok) throw new JudgeFailed({ ...out.error, message: `judge call failed: ${out.error.message}` });
    return out.text;
  };
}
