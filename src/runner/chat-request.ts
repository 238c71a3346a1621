import type { Candidate, ResolvedModel } from '../config/resolved.ts';
import type { ChatMessage, ChatOptions } from '../config/schema.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { ChatRequest } from '../providers/provider.ts';

/**
 * The request a call sends: the model's params, with a task's own overrides for this call. Samples,
 * batch lines, judge calls and `estimate` all build their requests here, so the live body, the
 * batch body and the cache key of the same call are one and the same.
 */
export function chatRequest(
  model: ResolvedModel,
  messages: ChatMessage[],
  overrides?: ChatOptions,
): ChatRequest {
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
    ...(overrides?.tools && overrides.tools.length > 0 && { tools: overrides.tools }),
    ...(overrides?.toolChoice !== undefined && { toolChoice: overrides.toolChoice }),
  };
}

/**
 * The request a plain-prompt sample sends: its rendered prompt. Rendered once per sample: the batch
 * line, the cache key, the budget's worst case and the sample itself share it.
 */
export function requestOf(c: Candidate, cs: CaseRow): ChatRequest {
  return chatRequest(c.model, renderPrompt(c.prompt, cs.fields, cs.id));
}
