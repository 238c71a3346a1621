import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/closed-port.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';
import { startScriptedServer } from '../helpers/scripted-server.ts';

/** A suite of 12 cases and two prompts against one OpenAI-compatible model at `baseURL`. */
async function project(baseURL: string, extra = '') {
  return tempProject({
    'datasets/q.jsonl': arithmeticRows(12),
    'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts:
  - { id: a, user: "{{question}}" }
  - { id: b, user: "Answer: {{question}}" }
models:
  - { id: m, provider: openai, model: o3-mini, baseURL: "${baseURL}", apiKeyEnv: K, price: { input: 1, output: 4 }${extra} }
scorers: [{ type: numeric }]
concurrency: 3
`,
  });
}

async function run(dir: string) {
  const t0 = Date.now();
  const r = await cli(['run', 's', '--no-cache', '--out', 'out'], { cwd: dir, env: { K: 'k-123456' } });
  return { ...r, ms: Date.now() - t0, records: await readRecords(join(dir, 'out')) };
}

describe('errors that cannot go away stop the model after its first 3 samples', () => {
  it('a closed port: exit 3, the connection error and the URL, at most 3 samples', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    const r = await run(await project(url));
    expect(r.code, r.err).toBe(3);
    expect(r.records.length).toBeLessThanOrEqual(3);
    expect(r.records.every((x) => x.error?.kind === 'connection' && x.error.deterministic)).toBe(true);
    const said = r.out + r.err;
    expect(said).toContain('ECONNREFUSED');
    expect(said).toContain(`POST ${url}/chat/completions`);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a server answering 400 "Unsupported value: temperature": exit 3 with its message', async () => {
    const message =
      "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.";
    const server = await startScriptedServer([
      {
        status: 400,
        body: {
          error: { message, type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' },
        },
      },
    ]);
    try {
      const r = await run(await project(`${server.url}/v1`));
      expect(r.code, r.err).toBe(3);
      expect(r.records.length).toBeLessThanOrEqual(3);
      // a 400 is not retried: one request per sample, the 3 recorded and at most 3 more in flight
      // (concurrency 3) when the model stopped, which are dropped: a freed slot is refilled before
      // the answer that freed it is read, so each of the 3 answers let one more go
      expect(server.requests.length).toBeLessThanOrEqual(6);
      expect(r.out + r.err).toContain(message);
      expect(r.out + r.err).toContain(`POST ${server.url}/v1/chat/completions`);
    } finally {
      await server.close();
    }
  });

  it('a 404 from a baseURL without /v1 says so', async () => {
    const server = await startScriptedServer([{ status: 404, body: { error: { message: 'Not Found' } } }]);
    try {
      const r = await run(await project(server.url));
      expect(r.code, r.err).toBe(3);
      expect(r.out + r.err).toContain('`/v1` missing from baseURL?');
    } finally {
      await server.close();
    }
  });
});
