import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './server.ts';

export interface BatchRoutes {
  ctx: SimContext;
  files: Map<string, Buffer>;
  batches: Map<string, unknown>;
}

/** The OpenAI Batch and Anthropic Message Batches endpoints. Returns false when the path is not one. */
export async function handleBatchRoute(
  _req: IncomingMessage,
  _res: ServerResponse,
  _path: string,
  _raw: Buffer,
  _routes: BatchRoutes,
): Promise<boolean> {
  return false;
}
