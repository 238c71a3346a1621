import type { Ledger } from '../budget/ledger.ts';
import type { Candidate } from '../config/resolved.ts';
import type { CaseRow } from '../dataset/case-row.ts';
import type { ProviderError } from '../errors.ts';
import { worstCaseCost } from '../pricing/compute-cost.ts';
import { countPromptTokens } from '../pricing/count-tokens.ts';
import type { Tokenizer } from '../pricing/tokenizer.ts';
import { renderPrompt } from '../prompt/render.ts';
import type { ChatRequest, ChatResponse, Provider } from '../providers/provider.ts';
import { chatRequest } from '../runner/chat-request.ts';

/**
 * The request a plain-prompt sample sends: its rendered prompt, through the same `chatRequest` as
 * `runSample`'s first (only) call, so the batch body, the cache key and the live body are one.
 */
export function requestOf(c: Candidate, cs: CaseRow): ChatRequest {
  return chatRequest(c.model, renderPrompt(c.prompt, cs.fields, cs.id));
}

/** What the budget reserves for one batch line: its worst case at the batch price. */
export function batchWorstCase(c: Candidate, req: ChatRequest, tokenizer: Tokenizer): number {
  return (
    worstCaseCost(
      c.model.price,
      countPromptTokens(c.model.provider, req.messages, tokenizer),
      req.params.maxTokens,
      true,
    ) ?? 0
  );
}

/** A provider that answers with the batch's response for this one sample, sending nothing. */
export function answeredBy(base: Provider, res: ChatResponse): Provider {
  return {
    name: base.name,
    endpoint: base.endpoint,
    apiKeyEnv: base.apiKeyEnv,
    requestBody: (r) => base.requestBody(r),
    chat: async () => res,
  };
}

/**
 * A provider whose first attempt is the batch line that failed, and whose later attempts are live
 * requests: the failed line shows in the sample's attempt log, and the retry policy decides the rest.
 */
export function failedFirst(base: Provider, error: ProviderError): Provider {
  let first = true;
  return {
    name: base.name,
    endpoint: base.endpoint,
    apiKeyEnv: base.apiKeyEnv,
    requestBody: (r) => base.requestBody(r),
    chat: (req, opts) => {
      if (first) {
        first = false;
        return Promise.reject(error);
      }
      return base.chat(req, opts);
    },
  };
}

/**
 * The ledger a batch-answered sample meters against: the batch was reserved and settled as a whole,
 * so the sample's own reservation and settlement must not count it a second time.
 */
export function prepaidLedger(real: Ledger): Ledger {
  return {
    ...real,
    // no cap, so no reservation is worked out (nor its prompt tokens counted) for a paid answer
    capUsd: null,
    reserve: () => 0,
    acquire: async () => 0,
    settle: () => {},
    hold: () => {},
    addSpent: () => {},
  };
}
