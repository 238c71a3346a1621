import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadTokenizer, type Tokenizer } from '../../pricing/tokenizer.ts';
import type { Tokens } from '../../pricing/tokens.ts';
import { type BatchRoutes, handleBatchRoute } from './batch-routes.ts';
import { answer, SIM_MODELS, type SimMessage, type SimModel, simLatency } from './brain.ts';
import { type FaultKind, type FaultPlan, faultDrawer } from './faults.ts';

export interface SimRequestInfo {
  /** 0-based count of chat requests so far. */
  index: number;
  path: string;
  model: string;
  body: Record<string, unknown>;
}

export interface SimServerOptions {
  /** Fixed latency for every response, overriding the models' own. */
  latencyMs?: number;
  /** Multiplies the models' own latency. @default 1 */
  latencyScale?: number;
  /** Random faults from a seeded plan. */
  faults?: FaultPlan;
  /** Decide a fault per request (tests). Runs before `faults`. */
  script?: (req: SimRequestInfo) => FaultKind | null;
  /** When set, requests must carry this key (Bearer or x-api-key). */
  apiKey?: string;
  /** How long a `hang` holds the request. @default 120000 */
  hangMs?: number;
  /** Extra models beyond the built-in tiers. */
  models?: Record<string, SimModel>;
  /** How long a batch takes to finish after it is created. @default 200 */
  batchCompleteMs?: number;
  /** Most entries `stats.log` keeps (0 keeps none, for long benchmarks). @default 200000 */
  logLimit?: number;
}

export interface SimLogEntry {
  path: string;
  model: string;
  status: number;
  fault: FaultKind | null;
  tokens: Tokens | null;
}

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
  faults: Partial<Record<FaultKind, number>>;
  /** Usage the server reported in its responses (normalised: `input` excludes cached tokens). */
  served: Tokens;
  log: SimLogEntry[];
  /** Batch API traffic: batches created, lines submitted, and lines answered ok / failed. */
  batches: { created: number; lines: number; succeeded: number; failed: number };
}

export interface SimServer {
  url: string;
  /** Base URL for the OpenAI SDK (`.../v1`). */
  openaiBaseURL: string;
  /** Base URL for the Anthropic SDK (no `/v1`). */
  anthropicBaseURL: string;
  stats: SimStats;
  resetStats(): void;
  close(): Promise<void>;
}

function emptyStats(): SimStats {
  return {
    requests: 0,
    byStatus: {},
    faults: {},
    served: { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 },
    log: [],
    batches: { created: 0, lines: 0, succeeded: 0, failed: 0 },
  };
}

/** Starts the simulator on 127.0.0.1 on a free port. */
export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  // the simulated models count their usage with the same tokenizer tollgate estimates with
  const tokenizer = await loadTokenizer();
  const models = { ...SIM_MODELS, ...opts.models };
  const draw = opts.faults ? faultDrawer(opts.faults) : () => null;
  let stats = emptyStats();
  let index = 0;
  const ctx: SimContext = {
    models,
    opts,
    stats: () => stats,
    nextFault: (info) => opts.script?.(info) ?? draw(),
    index: () => index++,
    tokenizer,
  };
  const batches: BatchRoutes = { ctx, files: new Map(), batches: new Map() };

  const server: Server = createServer((req, res) => {
    void route(req, res, ctx, batches).catch((err) => {
      if (!res.headersSent)
        send(res, 500, { error: { message: String((err as Error).message), type: 'server_error' } });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    get stats() {
      return stats;
    },
    resetStats() {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SimContext {
  models: Record<string, SimModel>;
  opts: SimServerOptions;
  stats(): SimStats;
  nextFault(info: SimRequestInfo): FaultKind | null;
  index(): number;
  /** Counts usage, with the same tokenizer tollgate estimates with. */
  tokenizer: Tokenizer;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SimContext,
  batches: BatchRoutes,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const arrived = performance.now();
  const raw = await readBody(req);
  if (ctx.opts.apiKey !== undefined) {
    const auth = req.headers.authorization ?? '';
    const key = req.headers['x-api-key'] ?? (auth.startsWith('Bearer ') ? auth.slice(7) : '');
    if (key !== ctx.opts.apiKey) {
      count(ctx, path, '', 401, null, null);
      return send(res, 401, {
        error: { message: 'Incorrect API key provided.', type: 'authentication_error' },
      });
    }
  }
  if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/messages')) {
    const body = parseJson(raw);
    if (!body)
      return send(res, 400, {
        error: { message: 'request body is not JSON', type: 'invalid_request_error' },
      });
    const flavour = path === '/v1/messages' ? 'anthropic' : 'openai';
    const result = chat(ctx, flavour, body);
    return deliver(req, res, ctx, path, String(body.model ?? ''), result, body, arrived);
  }
  if (await handleBatchRoute(req, res, path, raw, batches)) return;
  send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found_error' } });
}

export interface ChatResult {
  status: number;
  body: Record<string, unknown>;
  tokens: Tokens | null;
  latencyMs: number;
}

/** Answers one chat request in the given API flavour, with no faults. Batch routes reuse it. */
export function chat(
  ctx: SimContext,
  flavour: 'openai' | 'anthropic',
  body: Record<string, unknown>,
): ChatResult {
  const modelName = String(body.model ?? '');
  const model = ctx.models[modelName];
  if (!model) {
    const type = flavour === 'openai' ? 'invalid_request_error' : 'not_found_error';
    return {
      status: 404,
      body: { error: { message: `The model '${modelName}' does not exist`, type } },
      tokens: null,
      latencyMs: 1,
    };
  }
  const maxTokens = Number(body.max_tokens ?? body.max_completion_tokens ?? 512);
  const messages = toMessages(flavour, body);
  const a = answer(modelName, model, messages, maxTokens, ctx.tokenizer);
  const latencyMs = ctx.opts.latencyMs ?? simLatency(model, a.outputTokens) * (ctx.opts.latencyScale ?? 1);
  const truncated = a.outputTokens >= maxTokens;
  if (flavour === 'openai') {
    // the sim's prompt cache is always warm: the system prefix is cached in 16-token blocks
    const cached = a.systemTokens >= 16 ? Math.floor(a.systemTokens / 16) * 16 : 0;
    const tokens: Tokens = {
      input: a.promptTokens - cached,
      cacheRead: cached,
      cacheWrite: 0,
      output: a.outputTokens,
      reasoning: 0,
    };
    return {
      status: 200,
      latencyMs,
      tokens,
      body: {
        id: `chatcmpl-sim-${Math.floor(Math.random() * 1e12)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: modelName,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: a.text },
            finish_reason: truncated ? 'length' : 'stop',
          },
        ],
        usage: {
          prompt_tokens: a.promptTokens,
          completion_tokens: a.outputTokens,
          total_tokens: a.promptTokens + a.outputTokens,
          prompt_tokens_details: { cached_tokens: cached },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      },
    };
  }
  const cacheControl = JSON.stringify(body.system ?? '').includes('cache_control');
  const cacheRead = cacheControl ? a.systemTokens : 0;
  const tokens: Tokens = {
    input: a.promptTokens - cacheRead,
    cacheRead,
    cacheWrite: 0,
    output: a.outputTokens,
    reasoning: 0,
  };
  return {
    status: 200,
    latencyMs,
    tokens,
    body: {
      id: `msg_sim_${Math.floor(Math.random() * 1e12)}`,
      type: 'message',
      role: 'assistant',
      model: modelName,
      content: [{ type: 'text', text: a.text }],
      stop_reason: truncated ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: tokens.input,
        output_tokens: a.outputTokens,
        cache_read_input_tokens: cacheRead,
        cache_creation_input_tokens: 0,
      },
    },
  };
}

function toMessages(flavour: 'openai' | 'anthropic', body: Record<string, unknown>): SimMessage[] {
  const msgs = Array.isArray(body.messages)
    ? (body.messages as Array<{ role: string; content: unknown }>)
    : [];
  const out: SimMessage[] = [];
  if (flavour === 'anthropic' && body.system !== undefined)
    out.push({ role: 'system', content: flatten(body.system) });
  for (const m of msgs) out.push({ role: String(m.role), content: flatten(m.content) });
  return out;
}

function flatten(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c))
    return c.map((b) => (b && typeof b === 'object' && 'text' in b ? String(b.text) : '')).join('');
  return '';
}

async function deliver(
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
  const anthropic = path === '/v1/messages';
  switch (fault) {
    case null:
      count(ctx, path, model, result.status, null, result.tokens);
      return send(res, result.status, result.body);
    case '429':
      count(ctx, path, model, 429, fault, null);
      return send(res, 429, errBody(anthropic, 'rate_limit_error', 'Rate limit reached'));
    case '429-retry-after':
      count(ctx, path, model, 429, fault, null);
      return send(res, 429, errBody(anthropic, 'rate_limit_error', 'Rate limit reached'), {
        'retry-after': '1',
      });
    case '429-retry-after-ms':
      count(ctx, path, model, 429, fault, null);
      return send(res, 429, errBody(anthropic, 'rate_limit_error', 'Rate limit reached'), {
        'retry-after-ms': '20',
      });
    case '429-date':
      count(ctx, path, model, 429, fault, null);
      return send(res, 429, errBody(anthropic, 'rate_limit_error', 'Rate limit reached'), {
        'retry-after': new Date(Date.now() + 1000).toUTCString(),
      });
    case '500':
    case '503':
    case '529':
    case '400':
    case '401': {
      const status = Number(fault);
      count(ctx, path, model, status, fault, null);
      const type =
        status === 401
          ? 'authentication_error'
          : status === 400
            ? 'invalid_request_error'
            : status === 529
              ? 'overloaded_error'
              : 'api_error';
      return send(res, status, errBody(anthropic, type, `Simulated ${status}`));
    }
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
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ctx.opts.hangMs ?? 120_000);
        req.socket.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (!res.destroyed) res.destroy();
      return;
    case 'empty':
    case 'null-content': {
      count(ctx, path, model, 200, fault, result.tokens);
      const b = structuredClone(result.body);
      if (anthropic) b.content = [];
      else if (fault === 'empty') b.choices = [];
      else (b.choices as Array<{ message: { content: unknown } }>)[0]!.message.content = null;
      return send(res, 200, b);
    }
  }
}

function errBody(anthropic: boolean, type: string, message: string): Record<string, unknown> {
  return anthropic ? { type: 'error', error: { type, message } } : { error: { message, type, code: null } };
}

export function count(
  ctx: SimContext,
  path: string,
  model: string,
  status: number,
  fault: FaultKind | null,
  tokens: Tokens | null,
): void {
  const s = ctx.stats();
  s.requests++;
  s.byStatus[String(status)] = (s.byStatus[String(status)] ?? 0) + 1;
  if (fault) s.faults[fault] = (s.faults[fault] ?? 0) + 1;
  if (tokens) {
    s.served.input += tokens.input;
    s.served.cacheRead += tokens.cacheRead;
    s.served.cacheWrite += tokens.cacheWrite;
    s.served.output += tokens.output;
    s.served.reasoning += tokens.reasoning;
  }
  if (s.log.length < (ctx.opts.logLimit ?? 200_000)) s.log.push({ path, model, status, fault, tokens });
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJson(raw: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(raw.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
