import { createRequire } from 'node:module';
import type * as GenaiPrices from '@pydantic/genai-prices';
import type { ModelInfo, PriceCalculation } from '@pydantic/genai-prices';
import type { ModelPrice, PriceOrigin, PriceTier } from './model-price.ts';
import { findOverride, type PriceOverride } from './price-overrides.ts';
import type { PriceInput } from './price-schema.ts';

/**
 * The price data (~20 MB), required on the first lookup that needs it: `--help`, a suite whose
 * models are all the simulator's or priced in the suite, and `report` never load it.
 */
export const priceData = (): typeof GenaiPrices => createRequire(import.meta.url)('@pydantic/genai-prices');

/** When the bundled price data was last updated, and where it comes from. */
export const PRICE_TABLE_AS_OF = '2026-09-22';
export const PRICE_TABLE_SOURCE = '@pydantic/genai-prices 0.1.8 (bundled, offline) + tollgate sim tiers';
const TABLE_REF = '@pydantic/genai-prices 0.1.8';

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

/** A built-in price and where it came from. */
export interface PriceLookup {
  price: ModelPrice;
  origin: Omit<PriceOrigin, 'pricedAt'>;
  /** The vendor and model id the table matched (null for the simulator or an override alone). */
  vendor: string | null;
  tableModel: string | null;
  /** The override's note, when an override applied. */
  note: string | null;
}

/** The moment a lookup with no time prices at: the table's date (deterministic). */
export const TABLE_DATE = new Date(`${PRICE_TABLE_AS_OF}T00:00:00Z`);

/**
 * Looks a model up in the built-in table, corrected by the dated overrides. Returns null when it
 * is not there. `baseURL` helps find the real vendor behind an OpenAI-compatible endpoint
 * (DeepSeek, ...). `at` is the run's start: a price with a start date counts from it. A price that
 * depends on the time of day (an off-peak discount) never applies: a run is priced the same at any
 * hour. Pure.
 */
export function lookupPriceInfo(
  provider: string,
  model: string,
  baseURL: string | undefined,
  at: Date,
): PriceLookup | null {
  if (provider === 'sim') {
    const price = SIM_PRICES[model];
    if (!price) return null;
    const origin = { source: 'table' as const, asOf: PRICE_TABLE_AS_OF, ref: 'tollgate sim tiers' };
    return { price, origin, vendor: 'sim', tableModel: model, note: null };
  }
  const found = findInTable(provider, model, baseURL);
  const vendor = found?.provider.id ?? vendorOf(provider, baseURL);
  const override = findOverride(vendor, [model, found?.model.id ?? null]);
  const batchDiscount = BATCH_DISCOUNT[vendor ?? provider] ?? 1;
  if (override) return fromOverride(override, batchDiscount, found);
  if (!found) return null;
  const price = priceOfInfo(found.model, at, batchDiscount);
  if (!price) return null;
  return {
    price,
    origin: { source: 'table', asOf: PRICE_TABLE_AS_OF, ref: TABLE_REF },
    vendor: found.provider.id,
    tableModel: found.model.id,
    note: null,
  };
}

/** The price alone; see lookupPriceInfo. `at` defaults to the table's date. */
export function lookupPrice(
  provider: string,
  model: string,
  baseURL?: string,
  at: Date = TABLE_DATE,
): ModelPrice | null {
  return lookupPriceInfo(provider, model, baseURL, at)?.price ?? null;
}

function findInTable(provider: string, model: string, baseURL: string | undefined): PriceCalculation | null {
  const usage = { input_tokens: 1, output_tokens: 1 };
  const isVendor = provider === 'openai' && (baseURL === undefined || /api\.openai\.com/.test(baseURL));
  // the time only picks among dated prices here; the price itself is chosen by priceOfInfo
  const opts = { timestamp: TABLE_DATE };
  const hostId = HOST_PRICE_ID[provider];
  return (
    (hostId ? priceData().calcPrice(usage, model, { ...opts, providerId: hostId }) : null) ??
    (isVendor || provider === 'anthropic'
      ? priceData().calcPrice(usage, model, { ...opts, providerId: provider })
      : null) ??
    (baseURL ? priceData().calcPrice(usage, model, { ...opts, providerApiUrl: baseURL }) : null) ??
    (!isVendor && provider !== 'anthropic' ? priceData().calcPrice(usage, model, opts) : null)
  );
}

/** The vendor behind a provider and endpoint, when the table knows it. */
function vendorOf(provider: string, baseURL: string | undefined): string | null {
  if (provider === 'anthropic') return 'anthropic';
  if (HOST_PRICE_ID[provider]) return HOST_PRICE_ID[provider];
  if (baseURL === undefined) return provider === 'openai' ? 'openai' : null;
  return priceData().findProvider({ providerApiUrl: baseURL })?.id ?? null;
}

function fromOverride(o: PriceOverride, batchDiscount: number, found: PriceCalculation | null): PriceLookup {
  const { input, output, cacheRead, cacheWrite, tiers } = o;
  return {
    price: { input, output, cacheRead, cacheWrite, batchDiscount, ...(tiers ? { tiers } : {}) },
    origin: { source: 'override', asOf: o.checked, ref: o.source },
    vendor: o.vendor,
    tableModel: found?.model.id ?? null,
    note: o.note,
  };
}

type RawPrices = Record<string, unknown>;

/**
 * The model's prices at `at`: the latest dated price in force, skipping time-of-day prices (an
 * off-peak discount is not a list price). Tiers come from the table's tiered fields.
 */
function priceOfInfo(info: ModelInfo, at: Date, batchDiscount: number): ModelPrice | null {
  const raw = pricesAt(info, at);
  const input = fieldAt(raw.input_mtok, 0);
  const output = fieldAt(raw.output_mtok, 0);
  if (input === null || output === null) return null;
  const flat = (above: number) => {
    const i = fieldAt(raw.input_mtok, above) ?? input;
    return {
      input: i,
      output: fieldAt(raw.output_mtok, above) ?? output,
      cacheRead: fieldAt(raw.cache_read_mtok, above) ?? i,
      cacheWrite: fieldAt(raw.cache_write_mtok, above) ?? i,
    };
  };
  const starts = [
    ...new Set(
      ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'].flatMap((k) => tierStarts(raw[k])),
    ),
  ];
  const tiers: PriceTier[] = starts.sort((a, b) => a - b).map((above) => ({ above, ...flat(above + 1) }));
  return { ...flat(0), batchDiscount, ...(tiers.length > 0 ? { tiers } : {}) };
}

function pricesAt(info: ModelInfo, at: Date): RawPrices {
  if (!Array.isArray(info.prices)) return info.prices as RawPrices;
  for (let i = info.prices.length - 1; i >= 0; i--) {
    const c = info.prices[i]!.constraint;
    if (c === undefined) return info.prices[i]!.prices as RawPrices;
    if (c.type === 'start_date' && at >= new Date(c.start_date)) return info.prices[i]!.prices as RawPrices;
  }
  return info.prices[0]!.prices as RawPrices;
}

/** A field's price for a prompt of `promptTokens` tokens (a tiered field's tier above it). */
function fieldAt(v: unknown, promptTokens: number): number | null {
  if (typeof v === 'number') return v;
  if (!isTiered(v)) return null;
  let price = v.base;
  for (const t of v.tiers) if (promptTokens > t.start) price = t.price;
  return price;
}

function tierStarts(v: unknown): number[] {
  return isTiered(v) ? v.tiers.map((t) => t.start) : [];
}

function isTiered(v: unknown): v is { base: number; tiers: Array<{ start: number; price: number }> } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { base?: unknown }).base === 'number' &&
    Array.isArray((v as { tiers?: unknown }).tiers)
  );
}

/** A listed model: its vendor, and the provider and endpoint a suite reaches it with. */
export interface ListedModel {
  vendor: string;
  provider: string;
  model: string;
  baseURL?: string;
}

const OPENAI_COMPATIBLE: Record<string, string> = {
  google: 'https://generativelanguage.googleapis.com/v1beta/openai/',
  mistral: 'https://api.mistral.ai/v1',
  deepseek: 'https://api.deepseek.com/v1',
};

const listed = (vendor: string, models: string[]): ListedModel[] =>
  models.map((model) =>
    vendor === 'openai' || vendor === 'anthropic' || vendor === 'sim'
      ? { vendor, provider: vendor, model }
      : { vendor, provider: 'openai', model, baseURL: OPENAI_COMPATIBLE[vendor] },
  );

/** The models `tollgate prices` lists: the most used of each vendor (any other model the table knows is priced too). */
export const LISTED_MODELS: ListedModel[] = [
  ...listed('openai', [
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'o1',
    'o3',
    'o3-mini',
    'o4-mini',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
  ]),
  ...listed('anthropic', [
    'claude-3-5-haiku-latest',
    'claude-3-5-sonnet-latest',
    'claude-sonnet-4-0',
    'claude-sonnet-4-5',
    'claude-haiku-4-5',
    'claude-opus-4-0',
    'claude-opus-4-1',
  ]),
  ...listed('google', ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite']),
  ...listed('mistral', ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest']),
  ...listed('deepseek', ['deepseek-chat', 'deepseek-reasoner']),
  ...listed('sim', Object.keys(SIM_PRICES)),
];

/** Every model name the table (and the overrides) know, for "did you mean" suggestions. */
export function knownModelNames(): string[] {
  const names = new Set<string>(LISTED_MODELS.map((m) => m.model));
  for (const vendor of ['openai', 'anthropic', 'google', 'mistral', 'deepseek']) {
    for (const m of priceData().findProvider({ providerId: vendor })?.models ?? []) names.add(m.id);
  }
  return [...names];
}
