import { calcPrice } from '@pydantic/genai-prices';
import type { ModelPrice } from './model-price.ts';
import type { PriceInput } from './price-schema.ts';

/** When the bundled price data was last updated, and where it comes from. */
export const PRICE_TABLE_AS_OF = '2026-09-22';
export const PRICE_TABLE_SOURCE = '@pydantic/genai-prices 0.1.8 (bundled, offline) + tollgate sim tiers';

/** The price data's provider for each cloud host: Bedrock's entries are AWS's, Vertex's and Gemini's Google's. */
const HOST_PRICE_ID: Record<string, string> = {
  azure: 'azure',
  bedrock: 'aws',
  vertex: 'google',
  gemini: 'google',
};

/** Providers' batch APIs bill at half the list price. */
const BATCH_DISCOUNT: Record<string, number> = { openai: 0.5, anthropic: 0.5, sim: 0.5 };

/**
 * The simulator's models, priced like real tiers: a frontier model at GPT-4o's
 * prices, a mid model at Claude 3.5 Haiku's, and a budget model at GPT-4o-mini's.
 */
export const SIM_PRICES: Record<string, ModelPrice> = {
  'sim-frontier': { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 2.5, batchDiscount: 0.5 },
  'sim-mid': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1, batchDiscount: 0.5 },
  'sim-budget': { input: 0.15, output: 0.6, cacheRead: 0.075, cacheWrite: 0.15, batchDiscount: 0.5 },
};

/** A suite's `price:` entry with the cache prices defaulted. */
export function priceFromInput(p: PriceInput, provider: string): ModelPrice {
  return {
    input: p.input,
    output: p.output,
    cacheRead: p.cacheRead ?? p.input,
    cacheWrite: p.cacheWrite ?? p.input,
    batchDiscount: p.batchDiscount ?? BATCH_DISCOUNT[provider] ?? 1,
  };
}

/**
 * Looks a model up in the built-in table. Returns null when it is not there.
 * `baseURL` helps find the real vendor behind an OpenAI-compatible endpoint (DeepSeek, ...).
 */
export function lookupPrice(provider: string, model: string, baseURL?: string): ModelPrice | null {
  if (provider === 'sim') return SIM_PRICES[model] ?? null;
  const usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
  const isVendor = provider === 'openai' && (baseURL === undefined || /api\.openai\.com/.test(baseURL));
  const hostId = HOST_PRICE_ID[provider];
  const result =
    (hostId ? calcPrice(usage, model, { providerId: hostId }) : null) ??
    (isVendor || provider === 'anthropic' ? calcPrice(usage, model, { providerId: provider }) : null) ??
    (baseURL ? calcPrice(usage, model, { providerApiUrl: baseURL }) : null) ??
    (!isVendor && provider !== 'anthropic' ? calcPrice(usage, model) : null);
  if (!result) return null;
  const mp = result.model_price;
  const input = base(mp.input_mtok);
  const output = base(mp.output_mtok);
  if (input === null || output === null) return null;
  return {
    input,
    output,
    cacheRead: base(mp.cache_read_mtok) ?? input,
    cacheWrite: base(mp.cache_write_mtok) ?? input,
    batchDiscount: BATCH_DISCOUNT[result.provider.id] ?? 1,
  };
}

/** Tiered prices start at their base tier; long-context tiers are beyond eval prompts. */
function base(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'base' in v && typeof (v as { base: unknown }).base === 'number') {
    return (v as { base: number }).base;
  }
  return null;
}

/** Every built-in model for `tollgate prices`. */
export const LISTED_MODELS: Array<{ provider: string; model: string }> = [
  { provider: 'openai', model: 'gpt-4o' },
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'openai', model: 'gpt-4.1' },
  { provider: 'openai', model: 'gpt-4.1-mini' },
  { provider: 'openai', model: 'gpt-4.1-nano' },
  { provider: 'openai', model: 'o1' },
  { provider: 'openai', model: 'o3-mini' },
  { provider: 'anthropic', model: 'claude-3-5-haiku-latest' },
  { provider: 'anthropic', model: 'claude-3-5-sonnet-latest' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  { provider: 'anthropic', model: 'claude-opus-4-1' },
  { provider: 'deepseek', model: 'deepseek-chat' },
  { provider: 'deepseek', model: 'deepseek-reasoner' },
  ...Object.keys(SIM_PRICES).map((model) => ({ provider: 'sim', model })),
];
