import type { ModelPrice } from './model-price.ts';

type Prices = Record<string, ModelPrice | null>;

/**
 * The models both runs priced whose prices differ (any token kind, tier or batch discount), by id,
 * sorted. A model only one run used, or that neither priced, is not a price change. Pure.
 */
export function changedPrices(before: Prices, after: Prices): string[] {
  const changed: string[] = [];
  for (const id of Object.keys(after).sort()) {
    if (!Object.hasOwn(before, id)) continue;
    const a = before[id] ?? null;
    const b = after[id] ?? null;
    if (a === null && b === null) continue;
    if (a === null || b === null || priceKey(a) !== priceKey(b)) changed.push(id);
  }
  return changed;
}

/** One model's price change, e.g. `deepseek-chat (input 0.27 → 0.28, output 1.1 → 0.42)`. Pure. */
export function describePriceChange(id: string, before: ModelPrice | null, after: ModelPrice | null): string {
  if (before === null || after === null) {
    return `${id} (${before === null ? 'unpriced' : 'priced'} → ${after === null ? 'unpriced' : 'priced'})`;
  }
  const kinds = ['input', 'cacheRead', 'cacheWrite', 'output', 'batchDiscount'] as const;
  const parts = kinds.filter((k) => before[k] !== after[k]).map((k) => `${k} ${before[k]} → ${after[k]}`);
  if (JSON.stringify(before.tiers ?? []) !== JSON.stringify(after.tiers ?? [])) parts.push('context tiers');
  return `${id} (${parts.join(', ')})`;
}

function priceKey(p: ModelPrice): string {
  return JSON.stringify([p.input, p.cacheRead, p.cacheWrite, p.output, p.batchDiscount, p.tiers ?? []]);
}
