import { ProviderError } from '../errors.ts';
import { type BatchApi, type BatchLine, type BatchStatus, type LineResult, lineError } from './batch-api.ts';
import { classifyingCalls, kindForStatus } from './classify.ts';
import { lazyClient } from './lazy-client.ts';
import { parseChatCompletion } from './openai.ts';
import type { Redact } from './redact.ts';

export interface OpenAIBatchOptions {
  apiKey: string;
  baseURL?: string;
  apiKeyEnv: string | null;
  /** Takes the run's keys out of error messages. @default the well-known key patterns only */
  redact?: Redact;
  fetch?: typeof fetch;
}

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

/**
 * The OpenAI Batch API: upload the lines as a JSONL file (purpose `batch`), create a batch on
 * `/v1/chat/completions` with a 24h window, poll it, then read its output and error files.
 */
export function createOpenAIBatchApi(opts: OpenAIBatchOptions): BatchApi {
  const client = lazyClient(async () => {
    const { default: OpenAI } = await import('openai');
    return new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  });
  const call = classifyingCalls(opts.apiKeyEnv, opts.redact);
  const download = async (fileId: string, signal: AbortSignal): Promise<string> =>
    call(async () => (await (await client()).files.content(fileId, { signal })).text());

  return {
    api: 'openai',
    async submit(lines: BatchLine[], metadata, signal) {
      const jsonl = lines
        .map((l) =>
          JSON.stringify({
            custom_id: l.customId,
            method: 'POST',
            url: '/v1/chat/completions',
            body: l.body,
          }),
        )
        .join('\n');
      const file = await call(async () =>
        (await client()).files.create(
          {
            file: await (await import('openai')).toFile(Buffer.from(`${jsonl}\n`), 'tollgate-batch.jsonl'),
            purpose: 'batch',
          },
          { signal },
        ),
      );
      const batch = await call(async () =>
        (await client()).batches.create(
          { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata },
          { signal },
        ),
      );
      return { id: batch.id, inputFileId: file.id };
    },
    async find(key, signal) {
      return call(async () => {
        for await (const b of (await client()).batches.list({ limit: 100 }, { signal })) {
          if (b.metadata?.tollgate_batch === key) return b.id;
        }
        return null;
      });
    },
    async retrieve(id, signal): Promise<BatchStatus> {
      const b = await call(async () => (await client()).batches.retrieve(id, { signal }));
      const counts = b.request_counts ?? { total: 0, completed: 0, failed: 0 };
      const errors = b.errors?.data?.map((e) => e.message).filter(Boolean) ?? [];
      return {
        state: ENDED.has(b.status) ? 'ended' : 'running',
        label: errors.length ? `${b.status} (${errors.slice(0, 2).join('; ')})` : b.status,
        total: counts.total,
        succeeded: counts.completed,
        failed: counts.failed,
      };
    },
    async results(id, signal) {
      const b = await call(async () => (await client()).batches.retrieve(id, { signal }));
      const out = new Map<string, LineResult>();
      for (const fileId of [b.output_file_id, b.error_file_id]) {
        if (!fileId) continue;
        for (const text of (await download(fileId, signal)).split('\n')) {
          if (text.trim() === '') continue;
          const row = parseRow(text);
          if (row) out.set(row.customId, row.result);
        }
      }
      return out;
    },
  };
}

/** One line of an output or error file: `{id, custom_id, response: {status_code, body} | null, error: {code, message} | null}`. */
function parseRow(text: string): { customId: string; result: LineResult } | null {
  let row: {
    custom_id?: unknown;
    response?: { status_code?: number; body?: unknown } | null;
    error?: { code?: string; message?: string } | null;
  };
  try {
    row = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof row.custom_id !== 'string') return null;
  const customId = row.custom_id;
  const res = row.response;
  if (res && res.status_code === 200) {
    try {
      return { customId, result: { ok: true, response: parseChatCompletion(res.body) } };
    } catch (err) {
      const pe = err instanceof ProviderError ? err : new ProviderError('malformed', String(err), 200);
      return {
        customId,
        result: {
          ok: false,
          error: new ProviderError(pe.kind, `batch line failed: ${pe.message}`, pe.status, 0, pe.tokens),
        },
      };
    }
  }
  if (res && typeof res.status_code === 'number') {
    const body = res.body as { error?: { message?: string } } | undefined;
    return {
      customId,
      result: {
        ok: false,
        error: lineError(
          kindForStatus(res.status_code),
          body?.error?.message ?? `HTTP ${res.status_code}`,
          res.status_code,
        ),
      },
    };
  }
  // no response at all: expired or cancelled before it ran
  const code = row.error?.code ?? 'no_response';
  return {
    customId,
    result: {
      ok: false,
      error: lineError('server', `${code}: ${row.error?.message ?? 'no response'}`, null),
    },
  };
}
