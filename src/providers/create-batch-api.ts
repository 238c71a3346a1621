import { createAnthropicBatchApi } from './anthropic-batch.ts';
import type { BatchApi } from './batch-api.ts';
import { apiKeyOf, baseURLOf, keyEnvOf, type ProviderModel } from './create-provider.ts';
import { createOpenAIBatchApi } from './openai-batch.ts';
import type { Redact } from './redact.ts';

export interface BatchApiEnv {
  env: Record<string, string | undefined>;
  /** The running simulator's OpenAI base URL, for `sim` models. */
  simBaseURL?: string;
  fetch?: typeof fetch;
  /** The run's redact filter. */
  redact?: Redact;
}

/**
 * The batch API for a model's endpoint. Key and base URL come from the same keyEnvOf and baseURLOf
 * as the live provider's (create-provider.ts), so a batch goes where the live requests would.
 */
export function createBatchApi(model: ProviderModel, e: BatchApiEnv): BatchApi {
  if (model.provider === 'sim') {
    if (!e.simBaseURL) throw new Error('the simulator is not running');
    return createOpenAIBatchApi({
      apiKey: 'sim-no-key',
      baseURL: e.simBaseURL,
      apiKeyEnv: null,
      api: model.api,
      fetch: e.fetch,
    });
  }
  // the live provider was made first, so a needed key is set; `?? ''` only satisfies the type
  const { apiKey, keyEnv } = apiKeyOf(model, e.env) ?? { apiKey: '', keyEnv: keyEnvOf(model) };
  const baseURL = baseURLOf(model, e.env);
  const common = { apiKey, baseURL, apiKeyEnv: keyEnv, fetch: e.fetch, redact: e.redact };
  return model.provider === 'openai'
    ? createOpenAIBatchApi({ ...common, api: model.api })
    : createAnthropicBatchApi(common);
}
