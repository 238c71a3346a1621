import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicBatchObject, fileObject, openaiBatchObject, openaiError } from './batch-objects.ts';
import { addBatch, type BatchRoutes, type SimFile, type SimLine, settle } from './batch-state.ts';
import { parseJson, send } from './http.ts';

export type { BatchRoutes } from './batch-state.ts';

/**
 * The simulator's batch endpoints, shaped like the real ones so the official SDKs drive them:
 * - OpenAI: `POST /v1/files` (multipart, purpose `batch`), `GET /v1/files/{id}`, `GET /v1/files/{id}/content`,
 *   `POST /v1/batches`, `GET /v1/batches/{id}`, `GET /v1/batches` (list, for metadata look-ups).
 * - Anthropic: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}`, `GET .../{id}/results`.
 *
 * A batch finishes `batchCompleteMs` after it is created. Its lines are answered by the same `chat()`
 * as live requests, at the moment a client first looks at the finished batch, and their usage is
 * counted into the server's stats under the path `batch:/v1/chat/completions`, `batch:/v1/responses`
 * or `batch:/v1/messages`.
 * The server's `script`/`faults` apply per line (the info's `path` is that same `batch:` path), so a
 * test can fail chosen lines.
 */

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
  if (method === 'POST') {
    if (path === '/v1/files') await uploadFile(req, res, raw, routes);
    else if (path === '/v1/batches') createOpenAIBatch(res, raw, routes);
    else if (path === '/v1/messages/batches') createAnthropicBatch(res, raw, routes, origin);
    else return false;
    return true;
  }
  if (method !== 'GET') return false;
  const fileMatch = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
  const batchMatch = /^\/v1\/batches\/([^/]+)$/.exec(path);
  const messageBatchMatch = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
  if (fileMatch) getFile(res, routes, fileMatch[1]!, fileMatch[2] !== undefined);
  else if (path === '/v1/batches') listOpenAIBatches(res, routes);
  else if (batchMatch) getOpenAIBatch(res, routes, batchMatch[1]!);
  else if (messageBatchMatch)
    getMessageBatch(res, routes, messageBatchMatch[1]!, messageBatchMatch[2] !== undefined, origin);
  else return false;
  return true;
}

/** `GET /v1/files/{id}` (the file object) and `GET /v1/files/{id}/content` (its bytes). */
function getFile(res: ServerResponse, routes: BatchRoutes, id: string, content: boolean): void {
  const file = routes.files.get(decodeURIComponent(id));
  if (!file) send(res, 404, openaiError(`No such File object: ${id}`, 'invalid_request_error'));
  else if (content) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    res.end(file.bytes);
  } else send(res, 200, fileObject(file));
}

/** `GET /v1/batches`: the OpenAI batches, newest first (for metadata look-ups). */
function listOpenAIBatches(res: ServerResponse, routes: BatchRoutes): void {
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
}

/** `GET /v1/batches/{id}`. */
function getOpenAIBatch(res: ServerResponse, routes: BatchRoutes, id: string): void {
  const b = routes.batches.get(decodeURIComponent(id));
  if (b?.api !== 'openai')
    send(res, 404, openaiError(`No batch found with id '${id}'.`, 'invalid_request_error'));
  else send(res, 200, openaiBatchObject(settle(b, routes)));
}

/** `GET /v1/messages/batches/{id}` and `GET /v1/messages/batches/{id}/results` (once it has ended). */
function getMessageBatch(
  res: ServerResponse,
  routes: BatchRoutes,
  id: string,
  results: boolean,
  origin: string,
): void {
  const b = routes.batches.get(decodeURIComponent(id));
  if (b?.api !== 'anthropic') {
    send(res, 404, { type: 'error', error: { type: 'not_found_error', message: `No message batch ${id}` } });
    return;
  }
  if (!results) {
    send(res, 200, anthropicBatchObject(settle(b, routes), origin));
    return;
  }
  const done = settle(b, routes).done;
  if (!done) {
    send(res, 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Batch is still in progress' },
    });
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/binary',
    'content-length': Buffer.byteLength(done.results),
  });
  res.end(done.results);
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
  const endpoint = String(body.endpoint);
  if (endpoint !== '/v1/chat/completions' && endpoint !== '/v1/responses') {
    send(
      res,
      400,
      openaiError(
        `The sim's batches support /v1/chat/completions and /v1/responses, got ${endpoint}.`,
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
      line.url !== endpoint ||
      !line.body ||
      typeof line.body !== 'object' ||
      seen.has(customId)
    ) {
      send(
        res,
        400,
        openaiError(
          `Invalid batch input at line ${i + 1}: expected {custom_id (unique), method, url: "${endpoint}", body}.`,
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
      addBatch(routes, 'openai', `batch_sim_${routes.batches.size + 1}`, lines, metadata, file.id, endpoint),
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
