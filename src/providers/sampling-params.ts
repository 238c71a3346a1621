import type { Params } from './model-schema.ts';
import type { ChatParams } from './provider.ts';
import { isReasoningModel } from './reasoning-models.ts';

/**
 * Which params a model is sent. A suite's `params` are defaults for every model; a model's own
 * `params` are set for that model. The rules, so that a suite-level default never makes a request
 * the API refuses:
 * - reasoning models (o-series, gpt-5; src/providers/reasoning-models.ts) and Anthropic requests
 *   with `thinking` take no sampling params: an inherited `temperature` or `topP` is left out, and
 *   no default temperature is sent. Set on the model itself, a reasoning model is sent it with a
 *   warning; with thinking, Anthropic takes only `temperature: 1` and `topP` from 0.95 to 1, anything
 *   else is a load error.
 * - a param the model's API does not take (`thinking` on OpenAI, `reasoningEffort`, `verbosity`,
 *   `responseFormat` on Anthropic, `stop` on the Responses API) is a load error when the model sets
 *   it, and left out with a warning when it is inherited.
 * - with `thinking`, `maxTokens` covers the thinking too and Anthropic wants it above the budget
 *   (and the budget at least 1024): unset, it is budget + 512; set at or below the budget, it is
 *   raised to budget + maxTokens, with a warning. The budget reserves that raised cap.
 */

export const DEFAULT_MAX_TOKENS = 512;
export const DEFAULT_TEMPERATURE = 0;

/** What a model's params are resolved for. */
export interface ParamsTarget {
  provider: 'openai' | 'anthropic' | 'sim';
  model: string;
  baseURL?: string;
  api: 'chat' | 'responses';
}

/** A model's own param that cannot be sent, at `params.FIELD`. */
export interface ParamsError {
  field: string;
  expected: string;
  got: string;
  fix: string;
}

export interface ResolvedParams {
  params: ChatParams;
  warnings: string[];
  errors: ParamsError[];
}

type Field = keyof Params;

/** Params each API takes; the rest are foreign to it. */
function takes(t: ParamsTarget, field: Field): boolean {
  if (field === 'thinking') return t.provider === 'anthropic';
  if (field === 'reasoningEffort' || field === 'verbosity' || field === 'responseFormat')
    return t.provider !== 'anthropic';
  if (field === 'stop') return t.api !== 'responses';
  return true;
}

const API_NAME = (t: ParamsTarget) =>
  t.provider === 'anthropic'
    ? 'Anthropic'
    : t.api === 'responses'
      ? 'the Responses API'
      : 'OpenAI-compatible';

/** The suite's params under the model's own; `extra` merges key by key. */
export function mergeParams(inherited: Params = {}, own: Params = {}): Params {
  const extra = inherited.extra || own.extra ? { ...inherited.extra, ...own.extra } : undefined;
  return { ...inherited, ...own, ...(extra ? { extra } : {}) };
}

export function resolveParams(t: ParamsTarget, inherited: Params = {}, own: Params = {}): ResolvedParams {
  const warnings: string[] = [];
  const errors: ParamsError[] = [];
  const merged: Params = mergeParams(inherited, own);
  for (const field of Object.keys(merged) as Field[]) {
    if (merged[field] === undefined || takes(t, field)) continue;
    if (own[field] !== undefined)
      errors.push({
        field,
        expected: `a param ${API_NAME(t)} models take`,
        got: `\`${field}\` on ${t.provider}:${t.model}`,
        fix: foreignFix(field),
      });
    else
      warnings.push(
        `${t.model}: the suite's params.${field} is not sent (${API_NAME(t)} models take no ${field}).`,
      );
    delete merged[field];
  }
  const thinking = merged.thinking;
  const noSampling = isReasoningModel(t.provider, t.model, t.baseURL) || thinking !== undefined;
  if (noSampling) {
    for (const field of ['temperature', 'topP'] as const) {
      if (own[field] === undefined) delete merged[field];
      else if (thinking) errors.push(...thinkingSampling(field, own[field]));
      else
        warnings.push(
          `${t.model} is a reasoning model, which may refuse \`${field}\`; it is sent because the model sets it.`,
        );
    }
  }
  const params: ChatParams = {
    ...merged,
    temperature: noSampling ? merged.temperature : (merged.temperature ?? DEFAULT_TEMPERATURE),
    maxTokens: merged.maxTokens ?? DEFAULT_MAX_TOKENS,
  };
  if (params.temperature === undefined) delete params.temperature;
  if (merged.responseFormat && merged.extra?.response_format !== undefined)
    errors.push({
      field: 'responseFormat',
      expected: 'one structured-output setting',
      got: '`responseFormat` and `extra.response_format` both',
      fix: 'keep one of them.',
    });
  if (thinking) {
    const fitted = fitThinking(params, merged.maxTokens === undefined);
    if (fitted.maxTokens !== params.maxTokens && merged.maxTokens !== undefined)
      warnings.push(
        `${t.model}: params.maxTokens ${merged.maxTokens} does not leave room above the thinking budget ${thinking.budgetTokens}; max_tokens is raised to ${fitted.maxTokens} (budget + maxTokens).`,
      );
    return { params: fitted, warnings, errors };
  }
  return { params, warnings, errors };
}

/**
 * A thinking budget fitted under the output cap: Anthropic wants `max_tokens` above
 * `budget_tokens`. An unset cap (`defaulted`) or one at or below the budget becomes budget + cap.
 */
export function fitThinking(params: ChatParams, defaulted = false): ChatParams {
  const budget = params.thinking?.budgetTokens;
  if (budget === undefined || (!defaulted && params.maxTokens > budget)) return params;
  return { ...params, maxTokens: budget + params.maxTokens };
}

function thinkingSampling(field: 'temperature' | 'topP', v: number | undefined): ParamsError[] {
  if (v === undefined) return [];
  if (field === 'temperature' && v !== 1)
    return [
      {
        field,
        expected: 'no temperature, or 1, with thinking (Anthropic refuses any other)',
        got: `temperature ${v}`,
        fix: 'remove `temperature` from this model, or remove `thinking`.',
      },
    ];
  if (field === 'topP' && v < 0.95)
    return [
      {
        field,
        expected: 'no topP, or one from 0.95 to 1, with thinking (Anthropic refuses lower)',
        got: `topP ${v}`,
        fix: 'remove `topP` from this model, or remove `thinking`.',
      },
    ];
  return [];
}

function foreignFix(field: Field): string {
  if (field === 'thinking') return 'for OpenAI models set `reasoningEffort` instead, or remove it.';
  if (field === 'stop') return 'remove `stop`, or use `api: chat`.';
  if (field === 'responseFormat') return 'remove it; for Anthropic, pass its own fields in `params.extra`.';
  return 'for Anthropic models set `thinking: { budgetTokens }` instead, or remove it.';
}
