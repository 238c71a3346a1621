import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exactTokenizer } from '../../pricing/tokenizer.ts';
import { type BatchRoutes, handleBatchRoute } from './batch-routes.ts';
import { SIM_MODELS } from './brain.ts';
import { chat, type SimFlavour } from './chat.ts';
import { count, emptyStats, type SimContext, type SimServerOptions, type SimStats } from './context.ts';
import { deliver } from './deliver.ts';
import { faultDrawer } from './faults.ts';
import { parseJson, readBody, send } from './http.ts';

export type { SimLogEntry, SimRequestInfo, SimServerOptions, SimStats } from './context.ts';

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

/** Starts the simulator on 127.0.0.1 on a free port. */
export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  // the simulated models count their usage with the same tokenizer tollgate estimates with
  const tokenizer = exactTokenizer;
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

  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    res.on('close', () => inFlight--);
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

/** The chat endpoints and the API each speaks. */
const CHAT_PATHS: Record<string, SimFlavour | undefined> = {
  '/v1/chat/completions': 'openai',
  '/v1/messages': 'anthropic',
  '/v1/responses': 'responses',
};

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
  const flavour = CHAT_PATHS[path];
  if (req.method === 'POST' && flavour) {
    const body = parseJson(raw);
    if (!body)
      return send(res, 400, {
        error: { message: 'request body is not JSON', type: 'invalid_request_error' },
      });
    const result = chat(ctx, flavour, body);
    return deliver(req, res, ctx, path, String(body.model ?? ''), result, body, arrived);
  }
  if (await handleBatchRoute(req, res, path, raw, batches)) return;
  send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found_error' } });
}
