/**
 * The official SDK clients wait for a request slot with their request built and no timer running,
 * over real HTTP on the simulator: the timeout counts from the moment a request is sent, and a
 * request aborted while it waits was never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from '../../../src/providers/anthropic.ts';
import { createOpenAIProvider } from '../../../src/providers/openai.ts';
import type { ChatRequest, Provider } from '../../../src/providers/provider.ts';
import { createRequestSlots } from '../../../src/providers/request-slots.ts';
import { type SimServer, startSimServer } from '../../../src/providers/sim/server.ts';
import { RequestNotSent } from '../../../src/providers/slotted-client.ts';

const LATENCY_MS = 50;
// far above one answer's time, so a loaded machine does not time one out; below the last one's wait
const TIMEOUT_MS = 1000;
const QUESTIONS = Array.from({ length: 25 }, (_, i) => i + 1);
let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await sim.close();
});

const ask = (n: number): ChatRequest => ({
  model: 'sim-mid',
  messages: [{ role: 'user', content: `What is ${n} + ${n}?` }],
  params: { temperature: 0, maxTokens: 16 },
});

const providers: [string, () => Provider][] = [
  ['openai', () => createOpenAIProvider({ baseURL: sim.openaiBaseURL, apiKey: 'sk-test', apiKeyEnv: null })],
  [
    'anthropic',
    () => createAnthropicProvider({ baseURL: sim.anthropicBaseURL, apiKey: 'sk-ant-test', apiKeyEnv: null }),
  ],
];

describe.each(providers)('%s through its SDK, on one slot', (_name, make) => {
  it('times a request from its sending: the last waits longer than the timeout, and still answers', async () => {
    const provider = make();
    expect(provider.takesSlots).toBe(true);
    const slots = createRequestSlots(1);
    const sentAt: number[] = [];
    const t0 = performance.now();
    sim.resetStats();
    const answers = await Promise.all(
      QUESTIONS.map((n) =>
        provider.chat(ask(n), {
          signal: new AbortController().signal,
          // the last waits ~24 × 50 ms for its slot: a timer started before would have fired
          timeoutMs: TIMEOUT_MS,
          slots,
          onSend: () => sentAt.push(performance.now() - t0),
        }),
      ),
    );
    // every one answered (the sim's model is wrong now and then, so the numbers are not checked)
    expect(answers.map((a) => a.status)).toEqual(QUESTIONS.map(() => 200));
    expect(answers.every((a) => a.text.trim() !== '')).toBe(true);
    expect(sim.stats.peakInFlight).toBe(1);
    expect(sim.stats.requests).toBe(QUESTIONS.length);
    expect(sentAt).toHaveLength(QUESTIONS.length);
    // each is sent once the one before has answered
    for (let i = 1; i < QUESTIONS.length; i++)
      expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    expect(sentAt.at(-1)).toBeGreaterThan(TIMEOUT_MS);
    expect(slots.taken).toBe(0);
  });

  it('throws RequestNotSent, with the signal’s reason, for a request aborted while it waits', async () => {
    const provider = make();
    const slots = createRequestSlots(1);
    sim.resetStats();
    const first = provider.chat(ask(1), { signal: new AbortController().signal, timeoutMs: 5000, slots });
    const stop = new AbortController();
    let sent = false;
    const second = provider.chat(ask(2), {
      signal: stop.signal,
      timeoutMs: 5000,
      slots,
      onSend: () => {
        sent = true;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS / 2));
    const reason = new Error('stopped by the test');
    stop.abort(reason);
    const err = await second.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestNotSent);
    expect((err as RequestNotSent).reason).toBe(reason);
    expect((await first).text.trim()).toBe('2');
    expect(sent).toBe(false);
    expect(sim.stats.requests).toBe(1);
    expect(slots.taken).toBe(0);
  });
});
