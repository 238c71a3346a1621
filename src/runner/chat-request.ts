import type { ResolvedModel } from '../config/resolved.ts';
import type { Message, Params } from '../config/schema.ts';
import type { ChatRequest } from '../providers/provider.ts';

/**
 * The request a call sends: the model's params, with a task's own overrides for this call. Samples,
 * batch lines, judge calls and `estimate` all build their requests here, so the live body, the
 * batch body and the cache key of the same call are one and the same.
 */
export function chatRequest(model: ResolvedModel, messages: Message[], overrides?: Params): ChatRequest {
  return {
    model: model.model,
    messages,
    params: {
      temperature: overrides?.temperature ?? model.params.temperature,
      maxTokens: overrides?.maxTokens ?? model.params.maxTokens,
      topP: overrides?.topP ?? model.params.topP,
      stop: overrides?.stop ?? model.params.stop,
    },
    promptCaching: model.promptCaching,
  };
}
