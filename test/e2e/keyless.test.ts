import { afterEach, describe, expect, it } from 'vitest';
import { NO_KEY_PLACEHOLDER } from '../../src/providers/create-provider.ts';
import { isLoopbackURL } from '../../src/providers/loopback.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';
import { type StrictServer, startStrictServer } from '../helpers/strict-api-servers.ts';

let server: StrictServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const suite = (models: string) => `
dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models:
${models}
scorers: [{ type: equals }]
`;

describe('keyless local servers (Ollama, vLLM, llama.cpp)', () => {
  it('a loopback baseURL runs with the key variables unset, sending only a placeholder', async () => {
    server = await startStrictServer();
    const port = new URL(server.url).port;
    const dir = await tempProject({
      'suites/k.yaml': suite(
        [
          `  - { id: ollama, provider: openai, model: llama3.1, baseURL: http://localhost:${port}/v1, price: { input: 0, output: 0 } }`,
          `  - { id: vllm, provider: openai, model: qwen2.5, baseURL: http://127.0.0.1:${port}/v1, price: { input: 0, output: 0 } }`,
          `  - { id: local-claude, provider: anthropic, model: claude-proxy, baseURL: "http://[::1]:${port}", price: { input: 0, output: 0 } }`,
        ].join('\n'),
      ),
      'datasets/q.jsonl': arithmeticRows(2),
    });
    // ::1 may not be served where IPv6 is off: the server listens on 127.0.0.1 only
    const r = await cli(['run', 'k', '--quiet', '--no-cache', '--out', 'out', '--models', 'ollama,vllm'], {
      cwd: dir,
      env: {},
    });
    expect(r.code, r.err).toBe(0);
    expect(server.calls).toHaveLength(4);
    for (const c of server.calls) expect(c.key).toBe(NO_KEY_PLACEHOLDER);
  });

  it('`apiKeyEnv: none` sends no key even when OPENAI_API_KEY is set', async () => {
    server = await startStrictServer();
    const dir = await tempProject({
      'suites/k.yaml': suite(
        `  - { id: local, provider: openai, model: llama3.1, baseURL: ${server.url}/v1, apiKeyEnv: none, price: { input: 0, output: 0 } }`,
      ),
      'datasets/q.jsonl': arithmeticRows(2),
    });
    const secret = 'sk-test-real-looking-key-0123456789';
    const r = await cli(['run', 'k', '--quiet', '--no-cache', '--out', 'out'], {
      cwd: dir,
      env: { OPENAI_API_KEY: secret },
    });
    expect(r.code, r.err).toBe(0);
    expect(server.calls.map((c) => c.key)).toEqual([NO_KEY_PLACEHOLDER, NO_KEY_PLACEHOLDER]);
  });

  it('loopback means 127.0.0.0/8, localhost and ::1', () => {
    for (const u of [
      'http://127.0.0.1:11434/v1',
      'http://localhost:8000/v1',
      'http://[::1]:8080',
      'http://127.1.2.3/v1',
    ])
      expect(isLoopbackURL(u), u).toBe(true);
    for (const u of [
      'https://api.openai.com/v1',
      'http://10.0.0.5:8000/v1',
      'http://localhost.example.com/v1',
      undefined,
    ])
      expect(isLoopbackURL(u), String(u)).toBe(false);
  });

  it('a remote baseURL with its key unset is still exit 2 naming the variable', async () => {
    const dir = await tempProject({
      'suites/k.yaml': suite(
        '  - { id: remote, provider: openai, model: gpt-4o-mini, baseURL: https://api.example.com/v1 }',
      ),
      'datasets/q.jsonl': arithmeticRows(2),
    });
    const r = await cli(['run', 'k', '--quiet', '--no-cache', '--out', 'out'], { cwd: dir, env: {} });
    expect(r.code).toBe(2);
    expect(r.err).toContain('export OPENAI_API_KEY=');
    expect(r.err).toContain('`none` for a server that takes no key');
  });
});
