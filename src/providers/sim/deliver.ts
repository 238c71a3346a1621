import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatResult } from './chat.ts';
import { count, type SimContext } from './context.ts';
import type { FaultKind } from './faults.ts';
import { send, sleep } from './http.ts';

/** Where a response goes and what it answers. */
interface Delivery {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: SimContext;
  path: string;
  model: string;
}

/** The headers of each rate-limit fault: a retry-after in seconds, in ms, as a date, or none. */
const RATE_LIMIT_HEADERS: Partial<Record<FaultKind, () => Record<string, string>>> = {
  '429': () => ({}),
  '429-retry-after': () => ({ 'retry-after': '1' }),
  '429-retry-after-ms': () => ({ 'retry-after-ms': '20' }),
  '429-date': () => ({ 'retry-after': new Date(Date.now() + 1000).toUTCString() }),
};

/** The error type each status fault answers with. */
const STATUS_ERROR_TYPES: Partial<Record<FaultKind, string>> = {
  '500': 'api_error',
  '503': 'api_error',
  '529': 'overloaded_error',
  '400': 'invalid_request_error',
  '401': 'authentication_error',
};

/**
 * Sends a chat answer after its latency, unless the next fault (from the script or the seeded plan)
 * replaces it. Only successful answers draw a fault.
 */
export async function deliver(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  path: string,
  model: string,
  result: ChatResult,
  body: Record<string, unknown>,
  arrived: number,
): Promise<void> {
  const fault = result.status === 200 ? ctx.nextFault({ index: ctx.index(), path, model, body }) : null;
  // the latency is the response time: the sim's own work counts towards it
  await sleep(result.latencyMs - (performance.now() - arrived));
  const d: Delivery = { req, res, ctx, path, model };
  if (fault === null) {
    count(ctx, path, model, result.status, null, result.tokens);
    return send(res, result.status, result.body);
  }
  return sendFault(d, fault, result);
}

function sendFault(d: Delivery, fault: FaultKind, result: ChatResult): Promise<void> | void {
  const { ctx, path, model, res } = d;
  const anthropic = path === '/v1/messages';
  const rateLimit = RATE_LIMIT_HEADERS[fault];
  if (rateLimit) {
    count(ctx, path, model, 429, fault, null);
    return send(res, 429, errBody(anthropic, 'rate_limit_error', 'Rate limit reached'), rateLimit());
  }
  const errorType = STATUS_ERROR_TYPES[fault];
  if (errorType) {
    const status = Number(fault);
    count(ctx, path, model, status, fault, null);
    return send(res, status, errBody(anthropic, errorType, `Simulated ${status}`));
  }
  switch (fault) {
    case 'malformed':
      count(ctx, path, model, 200, fault, null);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"id": "chatcmpl-broken", "choices": [ {"mess');
    case 'drop':
      count(ctx, path, model, 0, fault, null);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
      res.write('{"id": "chatcmpl-cut",');
      return void setTimeout(() => res.destroy(), 5);
    case 'hang':
      count(ctx, path, model, 0, fault, null);
      return hang(d);
    case 'empty':
    case 'null-content':
      return sendEmpty(d, fault, result, anthropic);
  }
}

/** Holds the request until `hangMs` passes or the client gives up, then drops the connection. */
async function hang({ req, res, ctx }: Delivery): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ctx.opts.hangMs ?? 120_000);
    req.socket.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
  if (!res.destroyed) res.destroy();
}

/** A valid answer with no text: empty choices / content, or a null message content. Usage is kept. */
function sendEmpty(
  { ctx, path, model, res }: Delivery,
  fault: 'empty' | 'null-content',
  result: ChatResult,
  anthropic: boolean,
): void {
  count(ctx, path, model, 200, fault, result.tokens);
  const b = structuredClone(result.body);
  if (anthropic) b.content = [];
  else if (fault === 'empty') b.choices = [];
  else (b.choices as Array<{ message: { content: unknown } }>)[0]!.message.content = null;
  send(res, 200, b);
}

function errBody(anthropic: boolean, type: string, message: string): Record<string, unknown> {
  return anthropic ? { type: 'error', error: { type, message } } : { error: { message, type, code: null } };
}
