/**
 * Finds the built-in price of a model named the way a user types it: `MODEL` or `PROVIDER:MODEL`
 * (`openai:gpt-4o`, `anthropic:claude-sonnet-4-5`, `deepseek:deepseek-chat`), for `tollgate prices MODEL`.
 */
import { LISTED_MODELS, type ListedModel, lookupPriceInfo, type PriceLookup } from './price-table.ts';

const OPENAI_COMPATIBLE_URL: Record<string, string> = Object.fromEntries(
  LISTED_MODELS.flatMap((m) => (m.baseURL ? [[m.vendor, m.baseURL]] : [])),
);

/** The routes a name may be priced by: the listed one first, then each vendor's. */
function routesOf(name: string): ListedModel[] {
  const colon = name.indexOf(':');
  if (colon > 0) {
    const vendor = name.slice(0, colon);
    const model = name.slice(colon + 1);
    const baseURL = OPENAI_COMPATIBLE_URL[vendor];
    if (baseURL) return [{ vendor, provider: 'openai', model, baseURL }];
    return [{ vendor, provider: vendor, model }];
  }
  const listed = LISTED_MODELS.filter((m) => m.model === name);
  return [
    ...listed,
    { vendor: 'sim', provider: 'sim', model: name },
    { vendor: 'openai', provider: 'openai', model: name },
    { vendor: 'anthropic', provider: 'anthropic', model: name },
    // any other vendor the table knows, found by the model's name
    { vendor: '', provider: 'openai', model: name, baseURL: 'https://unknown.invalid/v1' },
  ];
}

/** The price of `name` at `at` and how it was found, or null when nothing prices it. Pure. */
export function findModelPrice(name: string, at: Date): (PriceLookup & { route: ListedModel }) | null {
  for (const route of routesOf(name)) {
    const found = lookupPriceInfo(route.provider, route.model, route.baseURL, at);
    if (found) return { ...found, route };
  }
  return null;
}
