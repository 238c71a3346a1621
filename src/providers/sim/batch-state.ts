import { type ChatResult, chat, type SimFlavour } from './chat.ts';
import { count, type SimContext } from './context.ts';

/**
 * The simulator's batches: the files and batches it holds, and how a batch settles. A batch finishes
 * `batchCompleteMs` after it is created; its lines are answered by the same `chat()` as live
 * requests when a client first looks at it after that (see batch-routes.ts).
 */

export interface SimFile {
  id: string;
  bytes: Buffer;
  filename: string;
  purpose: string;
  createdAt: number;
}

export interface SimLine {
  customId: string;
  body: Record<string, unknown>;
}

export interface SimBatch {
  id: string;
  api: 'openai' | 'anthropic';
  /** An OpenAI batch's endpoint: `/v1/chat/completions` or `/v1/responses`. */
  endpoint?: string;
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

export function addBatch(
  routes: BatchRoutes,
  api: SimBatch['api'],
  id: string,
  lines: SimLine[],
  metadata: Record<string, string> | null,
  inputFileId: string | null,
  endpoint?: string,
): SimBatch {
  const now = Date.now();
  const b: SimBatch = {
    id,
    api,
    endpoint,
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

/** The stats path a batch's lines count under, and the API they speak. */
function routeOf(b: SimBatch): { path: string; flavour: SimFlavour } {
  const endpoint = b.api === 'openai' ? (b.endpoint ?? '/v1/chat/completions') : '/v1/messages';
  return { path: `batch:${endpoint}`, flavour: endpoint === '/v1/responses' ? 'responses' : b.api };
}

/** Answers every line once the batch's time is up. Idempotent. */
export function settle(b: SimBatch, routes: BatchRoutes): SimBatch {
  if (b.done || Date.now() < b.completesAt) return b;
  const { ctx } = routes;
  const { path, flavour } = routeOf(b);
  const ok: string[] = [];
  const failed: string[] = [];
  for (const [i, line] of b.lines.entries()) {
    const model = String(line.body.model ?? '');
    const result: ChatResult = chat(ctx, flavour, line.body);
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
export function progress(b: SimBatch): number {
  const span = Math.max(1, b.completesAt - b.createdAt);
  return Math.min(1, Math.max(0, (Date.now() - b.createdAt) / span));
}
