import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** A raw body (string) or JSON. */
  body?: unknown;
  /** Hold the request this long before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

export interface ScriptedServer {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers each request with the next scripted reply (the last one
 * repeats). For tests that need exact bodies and headers rather than the simulator's.
 */
export async function startScriptedServer(
  replies:
    | ScriptedReply[]
    | ((
        i: number,
        req: { path: string; headers: IncomingMessage['headers']; body: string },
      ) => ScriptedReply),
): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const next =
    typeof replies === 'function'
      ? replies
      : (i: number, _req: unknown) => replies[Math.min(i, replies.length - 1)]!;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const i = requests.length;
      const entry = {
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(entry);
      const r = next(i, entry);
      const answer = () => {
        if (r.drop) return void req.socket.destroy();
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(text);
      };
      if (r.delayMs) {
        const t = setTimeout(answer, r.delayMs);
        req.socket.once('close', () => clearTimeout(t));
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function openaiBody(content: string | null, usage: Record<string, unknown>): unknown {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage,
  };
}

export function anthropicBody(text: string, usage: Record<string, unknown>): unknown {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
}
