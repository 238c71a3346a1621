import { type ErrorKind, ProviderError } from '../errors.ts';
import type { ChatResponse } from './provider.ts';

/** One request of a batch: the exact body the live path would send. */
export interface BatchLine {
  customId: string;
  body: Record<string, unknown>;
}

/** A batch's state, normalised across providers. */
export interface BatchStatus {
  /** `ended` once the provider will change nothing more (completed, failed, expired, cancelled). */
  state: 'running' | 'ended';
  /** The provider's own status word, for progress lines. */
  label: string;
  total: number;
  succeeded: number;
  failed: number;
}

/** What came back for one line: the parsed response, or why it failed (retried as a normal request). */
export type LineResult = { ok: true; response: ChatResponse } | { ok: false; error: ProviderError };

/** A provider's batch API, through its official SDK. Calls throw classified `ProviderError`s. */
export interface BatchApi {
  readonly api: 'openai' | 'anthropic';
  submit(
    lines: BatchLine[],
    metadata: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ id: string; inputFileId: string | null }>;
  /** Finds a batch created with this `tollgate_batch` metadata (a restart between create and saving its id). */
  find(key: string, signal: AbortSignal): Promise<string | null>;
  retrieve(id: string, signal: AbortSignal): Promise<BatchStatus>;
  /** Every line's result, by custom_id. Lines the provider did not answer are absent. */
  results(id: string, signal: AbortSignal): Promise<Map<string, LineResult>>;
}

/**
 * A failed line. `retryAfterMs: 0`: the retry is a fresh live request, with nothing to wait for.
 * Kinds are ones whose outcome is known (the provider did not bill the line), never `timeout`, so the
 * budget does not hold the retry's first reservation as possibly billed.
 */
export function lineError(kind: ErrorKind, message: string, status: number | null): ProviderError {
  return new ProviderError(kind === 'timeout' ? 'server' : kind, `batch line failed: ${message}`, status, 0);
}
