import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger } from '../../../src/budget/ledger.ts';
import type { ResolvedModel } from '../../../src/config/resolved.ts';
import { ProviderError } from '../../../src/errors.ts';
import type { AttemptRecord, ErrorKind } from '../../../src/log/records-file.ts';
import { computeCost } from '../../../src/pricing/compute-cost.ts';
import { countPromptTokens } from '../../../src/pricing/count-tokens.ts';
import type { Tokens } from '../../../src/pricing/tokens.ts';
import type { ChatRequest, Provider } from '../../../src/providers/provider.ts';
import { createRequestSlots } from '../../../src/providers/request-slots.ts';
import { DEFAULT_RETRY } from '../../../src/retry/with-retry.ts';
import { BudgetStop, meteredChat } from '../../../src/runner/metered-chat.ts';
import { mulberry32 } from '../../../src/stats/prng.ts';
import { price } from '../../helpers/spend.ts';

describe('the ledger', () => {
  it('reserves, settles and refuses what would pass the cap', () => {
    const l = createLedger(1);
    const a = l.reserve(0.6)!;
    expect(a).not.toBeNull();
    expect(l.reserve(0.5)).toBeNull(); // 0.6 + 0.5 > 1 while the first is open
    l.settle(a, 0.2, 'candidate');
    expect(l.reserved()).toBe(0);
    const b = l.reserve(0.8)!; // 0.2 spent + 0.8 fits exactly
    expect(b).not.toBeNull();
    l.settle(b, 0.1, 'judge');
    expect(l.spent()).toEqual({ candidates: 0.2, judge: 0.1, total: expect.closeTo(0.3, 12) });
    expect(() => l.settle(b, 0, 'judge')).toThrow(/settled ticket/);
  });

  it('acquire waits for attempts in flight, and gives up only when the amount can never fit', async () => {
    const l = createLedger(1);
    const t1 = l.reserve(0.7)!;
    const waiting = l.acquire(0.5);
    expect(l.exhausted()).toBe(false);
    l.settle(t1, 0.3, 'candidate'); // 0.3 spent: 0.5 now fits
    const t2 = await waiting;
    expect(t2).not.toBeNull();
    expect(l.reserved()).toBe(0.5);
    const never = l.acquire(0.8); // 0.3 spent + 0.8 > 1 even if t2 costs nothing
    expect(await never).toBeNull();
    expect(l.exhausted()).toBe(true);
    l.settle(t2!, 0.5, 'candidate');
  });

  it('hold keeps an unknown outcome charged against the cap, outside the spend', async () => {
    const l = createLedger(1);
    const t = l.reserve(0.4)!;
    l.hold(t);
    expect(l.spent().total).toBe(0);
    expect(l.held()).toBe(0.4);
    expect(l.reserve(0.7)).toBeNull();
    expect(await l.acquire(0.7)).toBeNull();
    expect(l.reserve(0.6)).not.toBeNull();
  });

  it('acquire rejects on abort and no budget means no limit', async () => {
    const l = createLedger(0.1);
    const t = l.reserve(0.1)!;
    const ac = new AbortController();
    const p = l.acquire(0.05, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    l.settle(t, 0, 'candidate');
    const free = createLedger(null);
    expect(await free.acquire(1e9)).not.toBeNull();
    expect(free.exhausted()).toBe(false);
  });
});

/** A provider made for this test (not an SDK mock): it bills like a real one and keeps the bill. */
function billingProvider(
  o: { seed: number; failRate: number; maxLatencyMs: number; billTimeouts: boolean },
  bill: { usd: number },
  modelPrice: ReturnType<typeof price>,
): Provider {
  const rand = mulberry32(o.seed);
  const kinds: ErrorKind[] = ['rate_limit', 'server', 'timeout', 'connection', 'malformed'];
  return {
    name: 'fake',
    endpoint: 'fake://billing',
    apiKeyEnv: null,
    requestBody: (r: ChatRequest) => ({ model: r.model, messages: r.messages }),
    async chat(req) {
      const latency = Math.floor(rand() * (o.maxLatencyMs + 1));
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      // the server's own count is at most the local count (the local count errs high)
      const prompt = Math.floor(countPromptTokens('openai', req.messages) * (0.8 + rand() * 0.2));
      const tokens: Tokens = {
        input: prompt,
        cacheRead: 0,
        cacheWrite: 0,
        output: 1 + Math.floor(rand() * req.params.maxTokens),
        reasoning: 0,
      };
      const usd = computeCost(modelPrice, tokens)!;
      if (rand() < o.failRate) {
        const kind = kinds[Math.floor(rand() * kinds.length)]!;
        const reportsUsage = kind === 'malformed' && rand() < 0.5; // an empty choice still reports usage
        // a timeout or a dropped connection may still have been generated and billed
        if (
          reportsUsage ||
          ((kind === 'timeout' || kind === 'connection' || kind === 'malformed') && o.billTimeouts)
        )
          bill.usd += usd;
        throw new ProviderError(
          kind,
          `fake ${kind}`,
          kind === 'server' ? 500 : kind === 'rate_limit' ? 429 : null,
          null,
          reportsUsage ? tokens : null,
        );
      }
      bill.usd += usd;
      return { text: 'ok', tokens, status: 200, finishReason: 'stop' };
    },
  };
}

describe('budget property', () => {
  it('whatever the latencies, usage, concurrency, failures and budget, the bill never exceeds the cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          budgetMicros: fc.integer({ min: 0, max: 50_000 }),
          concurrency: fc.integer({ min: 1, max: 24 }),
          // request slots fewer than the workers: attempts wait for a slot before they reserve
          slots: fc.integer({ min: 1, max: 24 }),
          calls: fc.integer({ min: 1, max: 60 }),
          maxTokens: fc.integer({ min: 1, max: 400 }),
          failPct: fc.integer({ min: 0, max: 60 }),
          maxLatencyMs: fc.integer({ min: 0, max: 3 }),
          billTimeouts: fc.boolean(),
          maxAttempts: fc.integer({ min: 1, max: 4 }),
          judgePct: fc.integer({ min: 0, max: 100 }),
          seed: fc.integer(),
        }),
        async (q) => {
          const p = {
            ...q,
            budget: q.budgetMicros / 1e6,
            failRate: q.failPct / 100,
            judgeShare: q.judgePct / 100,
          };
          const modelPrice = price(2.5, 10);
          const bill = { usd: 0 };
          const provider = billingProvider(p, bill, modelPrice);
          const ledger = createLedger(p.budget);
          const model = {
            id: 'm',
            provider: 'openai',
            model: 'm',
            price: modelPrice,
            params: { temperature: 0, maxTokens: p.maxTokens },
            promptCaching: false,
          } as ResolvedModel;
          const deps = {
            ledger,
            cache: null,
            cacheMode: 'off' as const,
            retry: { ...DEFAULT_RETRY, maxAttempts: p.maxAttempts },
            retryDeps: { sleep: async () => {}, random: () => 0.5 },
            timeoutMs: 1000,
            signal: new AbortController().signal,
            now: () => 0,
            slots: createRequestSlots(p.slots),
          };
          const attempts: AttemptRecord[] = [];
          let next = 0;
          let stopped = 0;
          const worker = async () => {
            while (next < p.calls) {
              const i = next++;
              try {
                await meteredChat(
                  {
                    provider,
                    model,
                    request: {
                      model: 'm',
                      messages: [{ role: 'user', content: `What is ${i} + ${i}? ${'pad '.repeat(i % 17)}` }],
                      params: model.params,
                    },
                    repeat: 0,
                    callIndex: 0,
                    ledger: i / p.calls < p.judgeShare ? 'judge' : 'candidate',
                    label: `call ${i}`,
                  },
                  deps,
                  attempts,
                );
              } catch (err) {
                if (!(err instanceof BudgetStop)) throw err;
                stopped++;
              }
            }
          };
          await Promise.all(Array.from({ length: p.concurrency }, worker));
          const spent = ledger.spent().total;
          expect(bill.usd).toBeLessThanOrEqual(p.budget + 1e-12);
          expect(spent).toBeLessThanOrEqual(p.budget + 1e-12);
          expect(spent + ledger.held()).toBeLessThanOrEqual(p.budget + 1e-12);
          expect(ledger.reserved()).toBe(0);
          // every attempt gave its request slot back, failed or refused ones too
          expect(deps.slots.taken).toBe(0);
          // what the ledger recorded is what the attempts say
          const recorded = attempts.reduce((s, a) => s + (a.spentUsd ?? 0), 0);
          expect(spent).toBeCloseTo(recorded, 12);
          if (stopped > 0) expect(ledger.exhausted()).toBe(true);
        },
      ),
      { numRuns: 120, seed: 20261129 },
    );
  });
});
