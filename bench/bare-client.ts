/**
 * The floor for the 1,500-request run: the same requests (bench/workload.ts's bodies) sent by a bare
 * `node:http` client with keep-alive, no SDK and no tollgate, at the same concurrency against the
 * same sim. What it takes over the lower bound is the loopback round trip and the sim themselves.
 */
import http from 'node:http';
import { workloadCase, workloadSystemPrompt } from './workload.ts';

export interface BareResult {
  wallMs: number;
  meanLatencyMs: number;
}

/** Sends `requests` chat completions `concurrency` at a time; resolves when the last answer is read. */
export async function bareClient(
  baseURL: string,
  requests: number,
  concurrency: number,
): Promise<BareResult> {
  const url = new URL(`${baseURL.replace(/\/+$/, '')}/chat/completions`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  let next = 0;
  let latencySum = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        model: 'sim-mid',
        messages: [
          { role: 'system', content: workloadSystemPrompt(0) },
          { role: 'user', content: workloadCase(i).question },
        ],
        max_tokens: 16,
        temperature: 0,
      });
      const t0 = performance.now();
      const req = http.request(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: 'Bearer sk-bench',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            latencySum += performance.now() - t0;
            resolve();
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await one(next++);
    }),
  );
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { wallMs, meanLatencyMs: latencySum / requests };
}
