import { priceData } from '../pricing/price-table.ts';
import { isLoopbackURL } from './loopback.ts';

/**
 * OpenAI's reasoning models, which refuse sampling parameters (`temperature`, `top_p`) with a 400:
 * the o-series (o1, o3, o4-mini, …) and gpt-5 with its minis and nanos and later versions, but not
 * the `-chat` models. A vendor prefix (`openai/o4-mini` on a router) is ignored.
 */
const REASONING_NAME = /^(o\d+(-|$)|gpt-5(?!.*-chat))/;

/**
 * Whether a model takes no sampling parameters. The price data has no reasoning flag of its own;
 * the one mark it has is a separate price for reasoning tokens (`output_reasoning_mtok`), which is
 * read as one too, for another API's models (Perplexity's deep research, say). OpenAI's own are
 * all named by the rule above (a test checks the price data agrees), and a server on this machine
 * is in no price data, so neither loads it (~20 MB, ~50 ms).
 */
export function isReasoningModel(provider: string, model: string, baseURL?: string): boolean {
  if (provider !== 'openai') return false;
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (REASONING_NAME.test(name)) return true;
  if (!baseURL || isLoopbackURL(baseURL)) return false;
  const found = priceData().calcPrice({ input_tokens: 1, output_tokens: 1 }, model, {
    providerApiUrl: baseURL,
  });
  const prices = found?.model_price as Record<string, unknown> | undefined;
  return prices?.output_reasoning_mtok !== undefined;
}
