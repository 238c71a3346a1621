import type { ConfigIssue } from '../errors.ts';
import { lookupPrice, priceFromInput } from '../pricing/price-table.ts';
import { resolveParams } from '../providers/sampling-params.ts';
import type { ResolvedModel } from './resolved.ts';
import type { ModelInput, ModelObject, SuiteConfig } from './schema.ts';

type At = (path: Array<string | number>) => { file: string; path: string; line: number | null };

const DEFAULT_KEY_ENV: Record<string, string | null> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  sim: null,
};

/**
 * Expands `PROVIDER:MODEL` shorthands, resolves the params each model is sent (the suite's under the
 * model's own, by the rules of src/providers/sampling-params.ts) and looks up prices. Two models may
 * share a `model` and differ only in `id` and params (`{ id: o4-mini-high, provider: openai, model:
 * o4-mini, params: { reasoningEffort: high } }`); each is priced by its `model`.
 */
export function resolveModels(
  config: SuiteConfig,
  at: At,
  opts: { allowUnpriced?: boolean; now?: Date },
): { models: ResolvedModel[]; issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const pricedAt = (opts.now ?? new Date()).toISOString();
  const seen = new Map<string, number>();
  const unpriced: string[] = [];
  const models = config.models.map((m: ModelInput, i): ResolvedModel => {
    const full: ModelObject =
      typeof m === 'string'
        ? {
            provider: m.slice(0, m.indexOf(':')) as ModelObject['provider'],
            model: m.slice(m.indexOf(':') + 1),
          }
        : m;
    const obj = full;
    const id = full.id ?? full.model;
    if (seen.has(id)) {
      issues.push({
        ...at(['models', i]),
        expected: 'unique model ids (candidate ids are MODEL_ID/PROMPT_ID)',
        got: `"${id}" again (first at models.${seen.get(id)})`,
        fix: 'give one of them an `id:`.',
      });
    }
    seen.set(id, i);
    const baseURL = full.baseURL;
    const price = full.price
      ? priceFromInput(full.price, obj.provider)
      : lookupPrice(obj.provider, obj.model, baseURL);
    if (!price) unpriced.push(`${id} (${obj.provider}:${obj.model}, models.${i})`);
    const api = full.api ?? 'chat';
    if (api === 'responses' && obj.provider === 'anthropic')
      issues.push({
        ...at(['models', i, 'api']),
        expected: '`api: responses` on an openai or sim model only',
        got: `api: responses on anthropic:${obj.model}`,
        fix: 'remove `api` from this model.',
      });
    const resolved = resolveParams(
      { provider: obj.provider, model: obj.model, baseURL, api },
      config.params,
      full.params,
    );
    warnings.push(...resolved.warnings.map((w) => `models.${i} (${id}): ${w}`));
    for (const { field, ...e } of resolved.errors)
      issues.push({ ...at(['models', i, 'params', field]), ...e });
    return {
      id,
      provider: obj.provider,
      model: obj.model,
      baseURL,
      apiKeyEnv: full.apiKeyEnv ?? DEFAULT_KEY_ENV[obj.provider] ?? null,
      price,
      priceSource: full.price ? 'suite' : 'table',
      pricedAt,
      api,
      params: resolved.params,
      promptCaching: full.promptCaching ?? false,
      concurrency: full.concurrency,
    };
  });
  if (unpriced.length > 0 && !opts.allowUnpriced) {
    issues.push({
      ...at(['models']),
      expected: 'a price for every model',
      got: `no price for ${unpriced.join(', ')}`,
      fix: 'add `price: { input: USD_PER_1M, output: USD_PER_1M }` to each, or run with --allow-unpriced to record their cost as null.',
    });
  }
  return { models, issues, warnings };
}
