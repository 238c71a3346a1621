/**
 * The "prices changed" note of the gate and of `compare`: it compares the per-model prices two runs
 * were billed at, and names the models whose price changed. A table date that moved with no model's
 * price changing is no note; a baseline written before per-model prices were kept is compared by
 * its table date.
 */
import { escapeControl } from '../escape-control.ts';
import type { ModelPrice } from '../pricing/model-price.ts';
import { changedPrices, describePriceChange } from '../pricing/price-changes.ts';

type Prices = Record<string, ModelPrice | null>;

export interface PricedSide {
  asOf: string;
  /** null for a baseline that kept no per-model prices. */
  models: Prices | null;
}

/** The note, or null when no model both runs used changed price. */
export function priceChangeNote(before: PricedSide, after: PricedSide, since: string): string | null {
  if (before.models === null || after.models === null) {
    if (before.asOf === after.asOf) return null;
    return (
      `The price table changed ${since} (asOf ${escapeControl(before.asOf)} -> ${escapeControl(after.asOf)}): ` +
      'a cost difference may come from prices.'
    );
  }
  const changed = changedPrices(before.models, after.models);
  if (changed.length === 0) return null;
  const list = changed.map((id) =>
    describePriceChange(id, before.models![id] ?? null, after.models![id] ?? null),
  );
  return (
    `Prices changed ${since} for ${changed.length === 1 ? '1 model' : `${changed.length} models`}: ` +
    `${escapeControl(list.join('; '))} (USD per 1M tokens): a cost difference may come from prices.`
  );
}
