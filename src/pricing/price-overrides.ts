/**
 * Dated corrections to the bundled price table (@pydantic/genai-prices), for entries known to be
 * stale. Each entry names the official page it was checked against and the day it was checked; a
 * run records that date as the price's `asOf`, never the table's date. Prices are USD per 1M tokens.
 *
 * To add one: check the vendor's pricing page, compare with `tollgate prices MODEL`, and add an
 * entry with the page and today's date. Remove an entry once the bundled table agrees with it.
 */
import type { PriceTier } from './model-price.ts';

export interface PriceOverride {
  /** The vendor as the bundled table names it (its provider id), e.g. `deepseek`. */
  vendor: string;
  /** The model names it applies to: names a suite uses, or the table's model id they resolve to. */
  models: string[];
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** Context tiers the table leaves out. */
  tiers?: PriceTier[];
  /** The official page the prices were checked against. */
  source: string;
  /** The day they were checked (YYYY-MM-DD). */
  checked: string;
  /** What the table had wrong. */
  note: string;
}

export const PRICE_OVERRIDES: readonly PriceOverride[] = [
  {
    vendor: 'deepseek',
    models: ['deepseek-chat', 'deepseek-reasoner'],
    input: 0.28,
    cacheRead: 0.028,
    // DeepSeek bills no cache writes: a cache miss is the input price
    cacheWrite: 0.28,
    output: 0.42,
    source: 'https://api-docs.deepseek.com/quick_start/pricing',
    checked: '2026-12-03',
    note:
      'One price for both, at any hour: DeepSeek ended its night-time discount on 2025-09-05. ' +
      'The table still has that discount and the older 0.27/1.10 (chat) and 0.55/2.19 (reasoner).',
  },
  {
    vendor: 'mistral',
    models: ['mistral-large-latest', 'mistral-large-2512'],
    input: 0.5,
    // Mistral publishes no cache-read price
    cacheRead: 0.5,
    cacheWrite: 0.5,
    output: 1.5,
    source: 'https://mistral.ai/pricing#api-pricing',
    checked: '2026-12-03',
    note: 'mistral-large-latest is Mistral Large 3 (0.5/1.5); the table prices it as Mistral Large 2 (2/6).',
  },
  {
    vendor: 'anthropic',
    models: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    input: 3,
    cacheRead: 0.3,
    cacheWrite: 3.75,
    output: 15,
    // the same long-context prices as the table's Claude Sonnet 4.5 entry
    tiers: [{ above: 200_000, input: 6, cacheRead: 0.6, cacheWrite: 7.5, output: 22.5 }],
    source: 'https://docs.anthropic.com/en/docs/about-claude/pricing#long-context-pricing',
    checked: '2026-12-03',
    note: 'The table has no long-context tier for Claude Sonnet 4 (prompts over 200k tokens bill at 6/22.50).',
  },
];

/** The override for a model of `vendor` (null: the vendor is unknown), if any. */
export function findOverride(
  vendor: string | null,
  names: ReadonlyArray<string | null>,
): PriceOverride | null {
  return (
    PRICE_OVERRIDES.find(
      (o) =>
        (vendor === null || o.vendor === vendor) && names.some((n) => n !== null && o.models.includes(n)),
    ) ?? null
  );
}
