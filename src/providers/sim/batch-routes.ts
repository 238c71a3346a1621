import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChatResult, chat, count, parseJson, type SimContext, send } from './server.ts';

/**
 * The simulator's batch endpoints, shaped like the real ones so the official SDKs drive them:
 * - OpenAI: `POST /v1/files` (multipart, purpose `batch`), `GET /v1/files/{id}`, `GET /v1/files/{id}/content`,
 *   `POST /v1/batches`, `GET /v1/batches/{id}`, `GET /v1/batches` (list, for metadata look-ups).
 * - Anthropic: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`, `GET .../{id}/results`.
 *
 * A batch finishes `batchCompleteMs` after it is created. Its lines are answered by the same `chat()`
 * as live requests, at the moment a client first looks at the finished batch, and their usage is
 * counted into the server's stats under the path `batch:/v1/chat/completions` or `batch:/v1/messages`.
 * The server's `script`/`faults` apply per line (the info's `path` is that same `batch:` path), so a
 * test can fail chosen lines.
 */

interface SimFile {
  id: string;
  bytes: Buffer;
  filename: string;
  purpose: string;
  createdAt: number;
}

interface SimLine {
  customId: string;
  body: Record<string, unknown>;
}

interface SimBatch {
  id: string;
  api: 'openai' | 'anthropic';
  createdAt: number;
  completesAt: number;
  lines: SimLine[];
  metadata: Record<string, string> | null;
  inputFileId: string | null;
  /** Set once the lines are answered. */
  done: null | {
    endedAt: number;
    ok: number;
    failed: number;
    outputFileId: string | null;
    errorFileId: string | null;
    results: string;
  };
}

export interface BatchRoutes {
  ctx: SimContext;
  files: Map<string, SimFile>;
  batches: Map<string, SimBatch>;
}

/** The OpenAI Batch and Anthropic Message Batches endpoints. Returns false when the path is not one. */
export async function handleBatchRoute(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: Buffer,
  routes: BatchRoutes,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const fileMatch = method === 'GET' ? /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path) : null;
  const batchMatch = method === 'GET' ? /^\/v1\/batches\/([^/]+)$/.exec(path) : null;
  const messageBatchMatch =
    method === 'GET' ? /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path) : null;
  if (method === 'POST' && path === '/v1/files') {
    await uploadFile(req, res, raw, routes);
    return true;
  }
  if (fileMatch) {
    const m = fileMatch;
    const file = routes.files.get(decodeURIComponent(m[1]!));
    if (!file) send(res, 404, openaiError(`No such File object: ${m[1]}`, 'invalid_request_error'));
    else if (m[2]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
    } else send(res, 200, fileObject(file));
    return true;
  }
  if (method === 'POST' && path === '/v1/batches') {
    createOpenAIBatch(res, raw, routes);
    return true;
  }
  if (method === 'GET' && path === '/v1/batches') {
    const data = [...routes.batches.values()]
      .filter((b) => b.api === 'openai')
      .reverse()
      .map((b) => openaiBatchObject(settle(b, routes)));
    send(res, 200, {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: false,
    });
    return true;
  }
  if (batchMatch) {
    const m = batchMatch;
    const b = routes.batches.get(decodeURIComponent(m[1]!));
    if (b?.api !== 'openai')
      send(res, 404, openaiError(`No batch found with id '${m[1]}'.`, 'invalid_request_error'));
    else send(res, 200, openaiBatchObject(settle(b, routes)));
    return true;
  }
  if (method === 'POST' && path === '/v1/messages/batches') {
    createAnthropicBatch(res, raw, routes, origin);
    return true;
  }
  if (messageBatchMatch) {
    const m = messageBatchMatch;
    const b = routes.batches.get(decodeURIComponent(m[1]!));
    if (b?.api !== 'anthropic') {
      send(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `No message batch ${m[1]}` },
      });
    } else if (m[2]) {
      const done = settle(b, routes).done;
      if (!done)
        send(res, 400, {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'Batch is still in progress' },
        });
      else {
        res.writeHead(200, {
          'content-type': 'application/binary',
          'content-length': Buffer.byteLength(done.results),
        });
        res.end(done.results);
      }
    } else send(res, 200, anthropicBatchObject(settle(b, routes), origin));
    return true;
  }
  return false;
}

async function uploadFile(
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
  routes: BatchRoutes,
): Promise<void> {
  let form: FormData;
  try {
    // undici parses multipart/form-data exactly as the SDK encodes it
    form = await new Request('http://sim/v1/files', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type'] ?? '') },
      body: new Blob([new Uint8Array(raw)]),
    }).formData();
  } catch {
    send(
      res,
      400,
      openaiError('Expected a multipart/form-data body with `file` and `purpose`.', 'invalid_request_error'),
    );
    return;
  }
  const file = form.get('file');
  const purpose = form.get('purpose');
  if (typeof file === 'string' || file === null) {
    send(res, 400, openaiError("Missing required parameter: 'file'.", 'invalid_request_error'));
    return;
  }
  if (purpose !== 'batch') {
    send(
      res,
      400,
      openaiError(`Expected purpose "batch", got "${String(purpose)}".`, 'invalid_request_error'),
    );
    return;
  }
  const id = `file-sim-${routes.files.size + 1}`;
  const stored: SimFile = {
    id,
    bytes: Buffer.from(await file.arrayBuffer()),
    filename: file.name || 'upload.jsonl',
    purpose,
    createdAt: Date.now(),
  };
  routes.files.set(id, stored);
  send(res, 200, fileObject(stored));
}

function createOpenAIBatch(res: ServerResponse, raw: Buffer, routes: BatchRoutes): void {
  const body = parseJson(raw);
  if (!body) {
    send(res, 400, openaiError('request body is not JSON', 'invalid_request_error'));
    return;
  }
  const file = routes.files.get(String(body.input_file_id ?? ''));
  if (!file) {
    send(
      res,
      404,
      openaiError(`No such File object: ${String(body.input_file_id)}`, 'invalid_request_error'),
    );
    return;
  }
  if (body.endpoint !== '/v1/chat/completions') {
    send(
      res,
      400,
      openaiError(
        `The sim's batches support only /v1/chat/completions, got ${String(body.endpoint)}.`,
        'invalid_request_error',
      ),
    );
    return;
  }
  const lines: SimLine[] = [];
  const seen = new Set<string>();
  for (const [i, text] of file.bytes.toString('utf8').split('\n').entries()) {
    if (text.trim() === '') continue;
    const line = parseJson(Buffer.from(text));
    const customId = line && typeof line.custom_id === 'string' ? line.custom_id : null;
    if (
      !line ||
      customId === null ||
      line.url !== '/v1/chat/completions' ||
      !line.body ||
      typeof line.body !== 'object' ||
      seen.has(customId)
    ) {
      send(
        res,
        400,
        openaiError(
          `Invalid batch input at line ${i + 1}: expected {custom_id (unique), method, url: "/v1/chat/completions", body}.`,
          'invalid_request_error',
        ),
      );
      return;
    }
    seen.add(customId);
    lines.push({ customId, body: line.body as Record<string, unknown> });
  }
  const metadata =
    body.metadata && typeof body.metadata === 'object' ? (body.metadata as Record<string, string>) : null;
  send(
    res,
    200,
    openaiBatchObject(
      addBatch(routes, 'openai', `batch_sim_${routes.batches.size + 1}`, lines, metadata, file.id),
    ),
  );
}

function createAnthropicBatch(res: ServerResponse, raw: Buffer, routes: BatchRoutes, origin: string): void {
  const body = parseJson(raw);
  const requests =
    body && Array.isArray(body.requests) ? (body.requests as Array<Record<string, unknown>>) : null;
  const bad = (message: string) => {
    send(res, 400, { type: 'error', error: { type: 'invalid_request_error', message } });
  };
  if (!requests || requests.length === 0) {
    bad('requests: Expected a non-empty list of {custom_id, params}.');
    return;
  }
  const lines: SimLine[] = [];
  const seen = new Set<string>();
  for (const [i, r] of requests.entries()) {
    const customId = typeof r.custom_id === 'string' ? r.custom_id : '';
    const problem =
      !/^[a-zA-Z0-9_-]{1,64}$/.test(customId) || seen.has(customId)
        ? `requests.${i}.custom_id: Expected a unique id matching ^[a-zA-Z0-9_-]{1,64}$.`
        : !r.params || typeof r.params !== 'object'
          ? `requests.${i}.params: Field required.`
          : null;
    if (problem) {
      bad(problem);
      return;
    }
    seen.add(customId);
    lines.push({ customId, body: r.params as Record<string, unknown> });
  }
  send(
    res,
    200,
    anthropicBatchObject(
      addBatch(routes, 'anthropic', `msgbatch_sim_${routes.batches.size + 1}`, lines, null, null),
      origin,
    ),
  );
}

function addBatch(
  routes: BatchRoutes,
  api: SimBatch['api'],
  id: string,
  lines: SimLine[],
  metadata: Record<string, string> | null,
  inputFileId: string | null,
): SimBatch {
  const now = Date.now();
  const b: SimBatch = {
    id,
    api,
    createdAt: now,
    completesAt: now + (routes.ctx.opts.batchCompleteMs ?? 200),
    lines,
    metadata,
    inputFileId,
    done: null,
  };
  routes.batches.set(id, b);
  const stats = routes.ctx.stats();
  stats.batches.created++;
  stats.batches.lines += lines.length;
  return b;
}

/** Answers every line once the batch's time is up. Idempotent. */
function settle(b: SimBatch, routes: BatchRoutes): SimBatch {
  if (b.done || Date.now() < b.completesAt) return b;
  const { ctx } = routes;
  const path = b.api === 'openai' ? 'batch:/v1/chat/completions' : 'batch:/v1/messages';
  const ok: string[] = [];
  const failed: string[] = [];
  for (const [i, line] of b.lines.entries()) {
    const model = String(line.body.model ?? '');
    const result: ChatResult = chat(ctx, b.api, line.body);
    const fault =
      result.status === 200 ? ctx.nextFault({ index: ctx.index(), path, model, body: line.body }) : null;
    const status = fault === null ? result.status : Number(fault.slice(0, 3)) || 500;
    count(ctx, path, model, status, fault, status === 200 ? result.tokens : null);
    if (status === 200) {
      ctx.stats().batches.succeeded++;
      ok.push(
        JSON.stringify(
          b.api === 'openai'
            ? {
                id: `batch_req_${b.id}_${i}`,
                custom_id: line.customId,
                response: { status_code: 200, request_id: `req_${i}`, body: result.body },
                error: null,
              }
            : { custom_id: line.customId, result: { type: 'succeeded', message: result.body } },
        ),
      );
    } else {
      ctx.stats().batches.failed++;
      const message = fault ? `Simulated ${fault} inside the batch` : JSON.stringify(result.body);
      failed.push(
        JSON.stringify(
          b.api === 'openai'
            ? {
                id: `batch_req_${b.id}_${i}`,
                custom_id: line.customId,
                response: {
                  status_code: status,
                  request_id: `req_${i}`,
                  body: { error: { message, type: 'server_error', code: null } },
                },
                error: null,
              }
            : {
                custom_id: line.customId,
                result: { type: 'errored', error: { type: 'error', error: { type: 'api_error', message } } },
              },
        ),
      );
    }
  }
  const jsonl = (rows: string[]) => (rows.length ? `${rows.join('\n')}\n` : '');
  let outputFileId: string | null = null;
  let errorFileId: string | null = null;
  if (b.api === 'openai') {
    const store = (rows: string[], name: string) => {
      const id = `file-sim-${routes.files.size + 1}`;
      routes.files.set(id, {
        id,
        bytes: Buffer.from(jsonl(rows)),
        filename: name,
        purpose: 'batch_output',
        createdAt: Date.now(),
      });
      return id;
    };
    if (ok.length) outputFileId = store(ok, `${b.id}_output.jsonl`);
    if (failed.length) errorFileId = store(failed, `${b.id}_error.jsonl`);
  }
  b.done = {
    endedAt: Date.now(),
    ok: ok.length,
    failed: failed.length,
    outputFileId,
    errorFileId,
    results: b.api === 'anthropic' ? jsonl([...ok, ...failed]) : '',
  };
  return b;
}

/** Share of the batch's time that has passed, for request counts that move while it runs. */
function progress(b: SimBatch): number {
  const span = Math.max(1, b.completesAt - b.createdAt);
  return Math.min(1, Math.max(0, (Date.now() - b.createdAt) / span));
}

function openaiBatchObject(b: SimBatch): Record<string, unknown> {
  const secs = (ms: number) => Math.floor(ms / 1000);
  const total = b.lines.length;
  const p = progress(b);
  const status = b.done ? 'completed' : p < 0.1 ? 'validating' : 'in_progress';
  return {
    id: b.id,
    object: 'batch',
    endpoint: '/v1/chat/completions',
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

function anthropicBatchObject(b: SimBatch, origin: string): Record<string, unknown> {
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

function fileObject(f: SimFile): Record<string, unknown> {
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

function openaiError(message: string, type: string): Record<string, unknown> {
  return { error: { message, type, code: null, param: null } };
}
