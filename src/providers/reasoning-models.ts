import { priceData } from '../pricing/price-table.ts';

/**
 * OpenAI's reasoning models, which refuse sampling parameters (`temperature`, `top_p`) with a 400:
 * the o-series (o1, o3, o4-mini, …) and gpt-5 with its minis and nanos and later versions, but not
 * the `-chat` models. A vendor prefix (`openai/o4-mini` on a router) is ignored.
 */
const REASONING_NAME = /^(o\d+(-|$)|gpt-5(?!.*-chat))/;

/**
 * Whether a model takes no sampling parameters. The price data has no reasoning flag of its own;
 * the one mark it has is a separate price for reasoning tokens (`output_reasoning_mtok`), which is
 * read as one too.
 */
export function isReasoningModel(provider: string, model: string, baseURL?: string): boolean {
  if (provider !== 'openai') return false;
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (REASONING_NAME.test(name)) return true;
  const found = priceData().calcPrice(
    { input_tokens: 1, output_tokens: 1 },
    model,
    baseURL ? { providerApiUrl: baseURL } : { providerId: 'openai' },
  );
  const prices = found?.model_price as Record<string, unknown> | undefined;
  return prices?.output_reasoning_mtok !== undefined;
}
