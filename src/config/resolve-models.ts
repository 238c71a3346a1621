import type { ConfigIssue } from '../errors.ts';
import type { ModelPrice, PriceOrigin } from '../pricing/model-price.ts';
import { lookupPriceInfo, priceFromInput } from '../pricing/price-table.ts';
import { apiFamilyOf, HOST_KEY_ENV, isHost } from '../providers/hosts.ts';
import { chatParamsSchema } from '../providers/model-schema.ts';
import type { ResolvedModel } from './resolved.ts';
import type { ModelInput, ModelObject, Params, SuiteConfig } from './schema.ts';

type At = (path: Array<string | number>) => { file: string; path: string; line: number | null };

const DEFAULT_KEY_ENV: Record<string, string | null> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  sim: null,
};

/**
 * Expands `PROVIDER:MODEL` shorthands, merges the suite's params under the model's (their defaults
 * are chatParamsSchema's) and looks up prices, once, at `opts.now` (the run's start): every
 * attempt of the run is billed at them.
 */
export function resolveModels(
  config: SuiteConfig,
  at: At,
  opts: { allowUnpriced?: boolean; now?: Date },
): { models: ResolvedModel[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
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
    if (full.longContext && obj.provider !== 'anthropic') {
      issues.push({
        ...at(['models', i, 'longContext']),
        expected:
          "longContext only on a model with provider: anthropic (it sends Anthropic's 1M-context beta header)",
        got: `longContext on provider: ${obj.provider}`,
        fix: `remove longContext from ${id}; other providers need no header for their context window.`,
      });
    }
    const baseURL = full.baseURL;
    const host = isHost(obj.provider) ? obj.provider : undefined;
    const family = apiFamilyOf(obj.provider);
    // a cloud-hosted model is priced by the cloud's own entry for it (Azure: the underlying model name)
    const { price, origin } = priceOf(full, host ?? family, host ? undefined : baseURL, pricedAt);
    if (!price) unpriced.push(`${id} (${obj.provider}:${obj.model}, models.${i})`);
    const params: Params = { ...config.params, ...full.params };
    return {
      id,
      provider: family,
      model: obj.model,
      baseURL,
      apiKeyEnv: full.apiKeyEnv ?? (host ? HOST_KEY_ENV[host] : DEFAULT_KEY_ENV[family]) ?? null,
      ...hostFields(full, host),
      price,
      priceSource: origin?.source ?? 'table',
      pricedAt,
      priceOrigin: origin,
      params: chatParamsSchema.parse(params),
      promptCaching: full.promptCaching ?? false,
      ...(full.longContext ? { longContext: true } : {}),
      concurrency: full.concurrency,
      ...((config.limits || full.limits) && { limits: { ...config.limits, ...full.limits } }),
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
  return { models, issues };
}

/** A cloud model's own fields, only when it has a host. */
function hostFields(m: ModelObject, host: ResolvedModel['host']): Partial<ResolvedModel> {
  if (!host) return {};
  const out: Partial<ResolvedModel> = { host };
  if (m.deployment !== undefined) out.deployment = m.deployment;
  if (m.apiVersion !== undefined) out.apiVersion = m.apiVersion;
  if (m.region !== undefined) out.region = m.region;
  if (m.projectId !== undefined) out.projectId = m.projectId;
  return out;
}

/** A model's price and where it came from: its `price:`, else the table (with its overrides). */
function priceOf(
  m: ModelObject,
  provider: string,
  baseURL: string | undefined,
  pricedAt: string,
): { price: ModelPrice | null; origin: PriceOrigin | null } {
  if (m.price) {
    return {
      price: priceFromInput(m.price, provider),
      origin: { source: 'suite', asOf: null, ref: null, pricedAt },
    };
  }
  const found = lookupPriceInfo(provider, m.model, baseURL, new Date(pricedAt));
  return found
    ? { price: found.price, origin: { ...found.origin, pricedAt } }
    : { price: null, origin: null };
}
