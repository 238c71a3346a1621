/**
 * The requests in flight at an endpoint, over real HTTP on the simulator: never more than the
 * concurrency, and a freed slot is refilled before the answer that freed it is scored and recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../../src/budget/ledger.ts';
import { loadSuite } from '../../../src/config/load-suite.ts';
import type { ResolvedModel } from '../../../src/config/resolved.ts';
import type { AttemptRecord, SampleRecord } from '../../../src/log/records-file.ts';
import { createHttpFetch } from '../../../src/providers/http-fetch.ts';
import { createOpenAIProvider } from '../../../src/providers/openai.ts';
import type { Provider } from '../../../src/providers/provider.ts';
import { createRequestSlots } from '../../../src/providers/request-slots.ts';
import { type SimServer, startSimServer } from '../../../src/providers/sim/server.ts';
import { DEFAULT_RETRY } from '../../../src/retry/with-retry.ts';
import { meteredChat } from '../../../src/runner/metered-chat.ts';
import { defaultRunDeps, runSuite } from '../../../src/runner/run-suite.ts';
import { arithmeticRows, tempProject } from '../../helpers/project.ts';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 15 });
});
afterAll(async () => {
  await sim.close();
});

/** The sim's mid model, priced or not. */
const simMid = (price: ResolvedModel['price']) =>
  ({
    id: 'sim-mid',
    provider: 'openai',
    model: 'sim-mid',
    price,
    params: { temperature: 0, maxTokens: 16 },
    promptCaching: false,
  }) as unknown as ResolvedModel;

/** What the meter needs, on `ledger`, with one request slot. */
const meterDeps = (ledger: Ledger) => ({
  ledger,
  cache: null,
  cacheMode: 'off' as const,
  retry: DEFAULT_RETRY,
  retryDeps: { sleep: async () => {}, random: () => 0.5 },
  timeoutMs: 5000,
  signal: new AbortController().signal,
  now: () => Date.now(),
  slots: createRequestSlots(1),
});

/** One question to `model` through `provider`, as the meter takes it. */
const question = (provider: Provider, model: ResolvedModel, q: string) => ({
  provider,
  model,
  request: { model: 'sim-mid', messages: [{ role: 'user' as const, content: q }], params: model.params },
  repeat: 0,
  callIndex: 0,
  ledger: 'candidate' as const,
  label: q,
});

describe('request slots on a run', () => {
  it.each([1, 3, 8])(
    'at concurrency %i the endpoint holds exactly that many requests at its busiest',
    async (n) => {
      const dir = await tempProject({
        'suites/s.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-mid, sim:sim-budget]
scorers: [{ type: numeric }]
concurrency: ${n}
`,
        'datasets/q.jsonl': arithmeticRows(6 * n),
      });
      const suite = await loadSuite('s', dir);
      const records: SampleRecord[] = [];
      const lastRounds: number[] = [];
      sim.resetStats();
      await runSuite(
        suite,
        { cacheMode: 'off', cacheDir: '', runId: `slots-${n}`, budgetUsd: null },
        {
          ...defaultRunDeps,
          env: {},
          signal: new AbortController().signal,
          onRecord: (r) => records.push(r),
          onLastRound: () => lastRounds.push(records.length),
          sim,
        },
      );
      // called once, in the last round: at most one sample per slot was still unrecorded
      expect(lastRounds).toHaveLength(1);
      expect(lastRounds[0]).toBeGreaterThanOrEqual(2 * 6 * n - n);
      expect(lastRounds[0]).toBeLessThan(2 * 6 * n);
      expect(records).toHaveLength(2 * 6 * n);
      expect(records.filter((r) => r.error !== null)).toEqual([]);
      // both models share the sim's one endpoint, and its slots
      expect(sim.stats.requests).toBe(2 * 6 * n);
      expect(sim.stats.peakInFlight).toBe(n);
    },
  );
});

describe('a freed slot', () => {
  it('writes the waiting request before the answer that freed it goes on to be scored', async () => {
    const log: string[] = [];
    const http = createHttpFetch();
    // the fetch the SDK calls once the request has its slot; node:http writes it on the next tick
    const fetch = ((url: string, init: RequestInit) => {
      const asked = JSON.parse(String(init.body)) as { messages: { content: string }[] };
      process.nextTick(() => log.push(`sent ${asked.messages[0]!.content}`));
      return http(url, init);
    }) as typeof globalThis.fetch;
    const provider = createOpenAIProvider({
      baseURL: sim.openaiBaseURL,
      apiKey: 'sk-test',
      apiKeyEnv: null,
      fetch,
    });
    expect(provider.takesSlots).toBe(true);
    const model = simMid(null);
    const deps = meterDeps(createLedger(null));
    sim.resetStats();
    const ask = (q: string) =>
      meteredChat(question(provider, model, q), deps, [] as AttemptRecord[]).then((out) => {
        log.push(`answered ${q}`);
        return out;
      });
    const outs = await Promise.all([ask('What is 1 + 1?'), ask('What is 2 + 2?'), ask('What is 3 + 3?')]);
    expect(outs.map((o) => o.ok && o.text.trim())).toEqual(['2', '4', '6']);
    expect(log).toEqual([
      'sent What is 1 + 1?',
      'sent What is 2 + 2?',
      'answered What is 1 + 1?',
      'sent What is 3 + 3?',
      'answered What is 2 + 2?',
      'answered What is 3 + 3?',
    ]);
    expect(sim.stats.peakInFlight).toBe(1);
  });
});

describe('a request aborted while it waits for a slot', () => {
  it('is no attempt: nothing is recorded, and its reservation goes back to the budget', async () => {
    const provider = createOpenAIProvider({ baseURL: sim.openaiBaseURL, apiKey: 'sk-test', apiKeyEnv: null });
    const model = simMid({ input: 1, output: 4, cacheRead: 0.1, cacheWrite: 1.25, batchDiscount: 0.5 });
    const ledger = createLedger(1);
    const deps = meterDeps(ledger);
    const call = (q: string) => question(provider, model, q);
    sim.resetStats();
    const firstAttempts: AttemptRecord[] = [];
    const first = meteredChat(call('What is 1 + 1?'), deps, firstAttempts);
    const stop = new AbortController();
    const waitingAttempts: AttemptRecord[] = [];
    const waiting = meteredChat(call('What is 2 + 2?'), { ...deps, signal: stop.signal }, waitingAttempts);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // both have reserved their worst case; one is in flight, the other waits for the slot
    expect(ledger.reserved()).toBeGreaterThan(0);
    const reason = new Error('stopped by the test');
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(waitingAttempts).toEqual([]);
    const out = await first;
    expect(out.ok && out.text.trim()).toBe('2');
    expect(firstAttempts).toHaveLength(1);
    expect(ledger.reserved()).toBe(0);
    expect(ledger.held()).toBe(0);
    expect(ledger.spent().total).toBeCloseTo(firstAttempts[0]!.costUsd!, 12);
    expect(sim.stats.requests).toBe(1);
    expect(deps.slots.taken).toBe(0);
  });
});
