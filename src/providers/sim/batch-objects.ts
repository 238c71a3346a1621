/** The batch API's objects as the real services return them, from the simulator's state. */
import { progress, type SimBatch, type SimFile } from './batch-state.ts';

export function openaiBatchObject(b: SimBatch): Record<string, unknown> {
  const secs = (ms: number) => Math.floor(ms / 1000);
  const total = b.lines.length;
  const p = progress(b);
  const status = b.done ? 'completed' : p < 0.1 ? 'validating' : 'in_progress';
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint ?? '/v1/chat/completions',
    errors: null,
    input_file_id: b.inputFileId,
    completion_window: '24h',
    status,
    output_file_id: b.done?.outputFileId ?? null,
    error_file_id: b.done?.errorFileId ?? null,
    created_at: secs(b.createdAt),
    in_progress_at: status === 'validating' ? null : secs(b.createdAt),
    expires_at: secs(b.createdAt) + 86_400,
    finalizing_at: b.done ? secs(b.done.endedAt) : null,
    completed_at: b.done ? secs(b.done.endedAt) : null,
    failed_at: null,
    expired_at: null,
    cancelling_at: null,
    cancelled_at: null,
    request_counts: b.done
      ? { total, completed: b.done.ok, failed: b.done.failed }
      : { total, completed: Math.floor(total * p * 0.9), failed: 0 },
    metadata: b.metadata,
  };
}

export function anthropicBatchObject(b: SimBatch, origin: string): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const total = b.lines.length;
  const running = Math.floor(total * progress(b) * 0.9);
  return {
    id: b.id,
    type: 'message_batch',
    processing_status: b.done ? 'ended' : 'in_progress',
    request_counts: b.done
      ? { processing: 0, succeeded: b.done.ok, errored: b.done.failed, canceled: 0, expired: 0 }
      : { processing: total - running, succeeded: running, errored: 0, canceled: 0, expired: 0 },
    ended_at: b.done ? iso(b.done.endedAt) : null,
    created_at: iso(b.createdAt),
    expires_at: iso(b.createdAt + 86_400_000),
    archived_at: null,
    cancel_initiated_at: null,
    results_url: b.done ? `${origin}/v1/messages/batches/${b.id}/results` : null,
  };
}

export function fileObject(f: SimFile): Record<string, unknown> {
  return {
    id: f.id,
    object: 'file',
    bytes: f.bytes.length,
    created_at: Math.floor(f.createdAt / 1000),
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
  };
}

export function openaiError(message: string, type: string): Record<string, unknown> {
  return { error: { message, type, code: null, param: null } };
}
