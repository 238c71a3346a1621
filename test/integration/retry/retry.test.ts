import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../../src/providers/anthropic.ts';
import { createOpenAIProvider } from '../../../src/providers/openai.ts';
import { parseRetryAfter } from '../../../src/retry/retry-after.ts';
import { abortableSleep, backoffMs, DEFAULT_RETRY, withRetry } from '../../../src/retry/with-retry.ts';
import {
  anthropicBody,
  openaiBody,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../helpers/scripted-server.ts';

// key-shaped, so the redaction patterns are exercised; built at run time so no key-shaped literal is committed
const FAKE_KEY = ['sk', 'test', 'fake', 'abcdef123'].join('-');

const ok = { body: openaiBody('4', { prompt_tokens: 10, completion_tokens: 1 }) };
const req = {
  model: 'm',
  messages: [{ role: 'user' as const, content: 'What is 2 + 2?' }],
  params: { temperature: 0, maxTokens: 8 },
};

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Runs one call with retries through the real OpenAI SDK; sleeps are recorded, not waited. */
async function callWith(replies: ScriptedReply[], timeoutMs = 5000) {
  server = await startScriptedServer(replies);
  const p = createOpenAIProvider({
    apiKey: FAKE_KEY,
    baseURL: `${server.url}/v1`,
    apiKeyEnv: 'OPENAI_API_KEY',
  });
  const sleeps: number[] = [];
  const signal = new AbortController().signal;
  const outcome = await withRetry(
    () => p.chat(req, { signal, timeoutMs }),
    DEFAULT_RETRY,
    { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    signal,
  );
  return { outcome, sleeps, requests: server.requests.length };
}

const rateLimited = (headers: Record<string, string>): ScriptedReply => ({
  status: 429,
  headers,
  body: { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
});

describe('retries tollgate owns, over real HTTP', () => {
  it('honours retry-after in seconds', async () => {
    const r = await callWith([rateLimited({ 'retry-after': '2' }), ok]);
    expect(r.outcome.ok).toBe(true);
    expect(r.outcome.attempts).toBe(2);
    expect(r.sleeps).toEqual([2000]);
  });

  it('prefers retry-after-ms', async () => {
    const r = await callWith([rateLimited({ 'retry-after-ms': '150', 'retry-after': '9' }), ok]);
    expect(r.sleeps).toEqual([150]);
    expect(r.requests).toBe(2);
  });

  it('honours retry-after as an HTTP date', async () => {
    const r = await callWith([rateLimited({ 'retry-after': new Date(Date.now() + 3000).toUTCString() }), ok]);
    expect(r.outcome.ok).toBe(true);
    expect(r.sleeps[0]).toBeGreaterThan(1000);
    expect(r.sleeps[0]).toBeLessThanOrEqual(3000);
  });

  it('caps the wait at 60 s', async () => {
    const r = await callWith([rateLimited({ 'retry-after': '3600' }), ok]);
    expect(r.sleeps).toEqual([60_000]);
  });

  it('retries a 500 with exponential backoff and jitter, up to maxAttempts', async () => {
    const r = await callWith([{ status: 500, body: { error: { message: 'boom' } } }]);
    expect(r.outcome.ok).toBe(false);
    expect(r.requests).toBe(DEFAULT_RETRY.maxAttempts);
    expect(r.sleeps).toEqual([375, 750, 1500, 3000]);
    if (!r.outcome.ok) expect(r.outcome.error.kind).toBe('server');
  });

  it('retries a malformed body', async () => {
    const r = await callWith([{ status: 200, body: '{"choices": [ {"mess' }, ok]);
    expect(r.outcome.ok).toBe(true);
    expect(r.requests).toBe(2);
  });

  it('retries a dropped connection', async () => {
    const r = await callWith([{ drop: true }, ok]);
    expect(r.outcome.ok).toBe(true);
    expect(r.requests).toBe(2);
  });

  it('times out a hung attempt and retries it', async () => {
    const r = await callWith([{ delayMs: 5000, ...ok }, ok], 200);
    expect(r.outcome.ok).toBe(true);
    expect(r.requests).toBe(2);
  });

  it('does not retry a 400', async () => {
    const r = await callWith([{ status: 400, body: { error: { message: 'bad param' } } }, ok]);
    expect(r.outcome.ok).toBe(false);
    expect(r.requests).toBe(1);
    if (!r.outcome.ok) expect(r.outcome.error.kind).toBe('bad_request');
  });

  it('does not retry a 401, and names the key variable without echoing the key', async () => {
    const r = await callWith([
      { status: 401, body: { error: { message: `Incorrect API key provided: ${FAKE_KEY}` } } },
    ]);
    expect(r.requests).toBe(1);
    expect(r.outcome.ok).toBe(false);
    if (!r.outcome.ok) {
      expect(r.outcome.error.kind).toBe('auth');
      expect(r.outcome.error.message).toContain('$OPENAI_API_KEY');
      expect(r.outcome.error.message).not.toContain(FAKE_KEY);
    }
  });

  it('classifies Anthropic 529 overloaded as a retryable server error', async () => {
    server = await startScriptedServer([
      { status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
      { body: anthropicBody('4', { input_tokens: 5, output_tokens: 1 }) },
    ]);
    const p = createAnthropicProvider({
      apiKey: 'k-123456',
      baseURL: server.url,
      apiKeyEnv: 'ANTHROPIC_API_KEY',
    });
    const signal = new AbortController().signal;
    const out = await withRetry(
      () => p.chat(req, { signal, timeoutMs: 5000 }),
      DEFAULT_RETRY,
      { sleep: async () => {}, random: () => 0 },
      signal,
    );
    expect(out.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('a sleep is aborted by Ctrl-C', async () => {
    const c = new AbortController();
    const t0 = Date.now();
    setTimeout(() => c.abort(new Error('interrupted')), 20);
    await expect(abortableSleep(10_000, c.signal)).rejects.toThrow('interrupted');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('pure retry helpers', () => {
  it('parses retry-after forms', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(parseRetryAfter(h({ 'retry-after': '1.5' }))).toBe(1500);
    expect(parseRetryAfter(h({ 'retry-after-ms': 'abc', 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(h({ 'retry-after': 'nonsense' }))).toBeNull();
    expect(parseRetryAfter(h({}))).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(h({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(h({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now)).toBe(0);
  });

  it('backs off exponentially within [step/2, step], capped', () => {
    const p = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(0, null, p, () => 0)).toBe(50);
    expect(backoffMs(0, null, p, () => 1)).toBe(100);
    expect(backoffMs(3, null, p, () => 0.5)).toBe(600);
    expect(backoffMs(9, null, p, () => 1)).toBe(1000);
    expect(backoffMs(2, 7, p, () => 1)).toBe(7);
  });
});
