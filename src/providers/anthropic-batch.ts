import type Anthropic from '@anthropic-ai/sdk';
import { type ErrorKind, ProviderError } from '../errors.ts';
import { parseMessage } from './anthropic.ts';
import { type BatchApi, type BatchStatus, type LineResult, lineError } from './batch-api.ts';
import { classifyingCalls } from './classify.ts';
import { lazyClient } from './lazy-client.ts';
import type { Redact } from './redact.ts';

export interface AnthropicBatchOptions {
  apiKey: string;
  baseURL?: string;
  apiKeyEnv: string | null;
  /** Takes the run's keys out of error messages. @default the well-known key patterns only */
  redact?: Redact;
  fetch?: typeof fetch;
}

/** Anthropic error types inside a batch result, as tollgate's error kinds. */
const KIND: Record<string, ErrorKind> = {
  invalid_request_error: 'bad_request',
  not_found_error: 'bad_request',
  request_too_large: 'bad_request',
  authentication_error: 'auth',
  permission_error: 'auth',
  rate_limit_error: 'rate_limit',
  api_error: 'server',
  overloaded_error: 'server',
};

/** Anthropic Message Batches: create with `{requests: [{custom_id, params}]}`, retrieve, then stream the results JSONL. */
export function createAnthropicBatchApi(opts: AnthropicBatchOptions): BatchApi {
  const client = lazyClient(async () => {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    return new Anthropic({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  });
  const call = classifyingCalls(opts.apiKeyEnv, opts.redact);
  return {
    api: 'anthropic',
    async submit(lines, _metadata, signal) {
      const batch = await call(async () =>
        (await client()).messages.batches.create(
          {
            requests: lines.map((l) => ({
              custom_id: l.customId,
              params: l.body as unknown as Anthropic.MessageCreateParamsNonStreaming,
            })),
          },
          { signal },
        ),
      );
      return { id: batch.id, inputFileId: null };
    },
    // Message Batches carry no metadata: a batch whose id was never saved cannot be found again
    find: async () => null,
    async retrieve(id, signal): Promise<BatchStatus> {
      const b = await call(async () => (await client()).messages.batches.retrieve(id, {}, { signal }));
      const c = b.request_counts;
      return {
        state: b.processing_status === 'ended' ? 'ended' : 'running',
        label: b.processing_status,
        total: c.processing + c.succeeded + c.errored + c.canceled + c.expired,
        succeeded: c.succeeded,
        failed: c.errored + c.canceled + c.expired,
      };
    },
    async results(id, signal) {
      const out = new Map<string, LineResult>();
      await call(async () => {
        for await (const row of await (await client()).messages.batches.results(id, {}, { signal })) {
          out.set(row.custom_id, toResult(row.result));
        }
      });
      return out;
    },
  };
}

function toResult(r: Anthropic.Messages.MessageBatchResult): LineResult {
  switch (r.type) {
    case 'succeeded':
      try {
        return { ok: true, response: parseMessage(r.message) };
      } catch (err) {
        const pe = err instanceof ProviderError ? err : new ProviderError('malformed', String(err), 200);
        return {
          ok: false,
          error: new ProviderError(pe.kind, `batch line failed: ${pe.message}`, pe.status, 0, pe.tokens),
        };
      }
    case 'errored': {
      const type = r.error?.error?.type ?? 'api_error';
      return {
        ok: false,
        error: lineError(KIND[type] ?? 'server', `${type}: ${r.error?.error?.message ?? ''}`, null),
      };
    }
    case 'canceled':
      return {
        ok: false,
        error: lineError('server', 'the batch was canceled before this request ran', null),
      };
    case 'expired':
      return { ok: false, error: lineError('server', 'the batch expired before this request ran', null) };
  }
}
