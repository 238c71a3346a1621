import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../../src/providers/sim/server.ts';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the test reads the wire bodies as the APIs document them
type Wire = Record<string, any>;

async function post(path: string, body: Record<string, unknown>): Promise<Wire> {
  const base = path === '/v1/messages' ? sim.anthropicBaseURL : sim.url;
  const r = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return (await r.json()) as Wire;
}

const QUESTIONS = Array.from({ length: 120 }, (_, i) => `What is ${17 + i} + ${5 + (i % 9)}?`);
const right = (q: string, text: string) => {
  const [, a, b] = /(\d+) \+ (\d+)/.exec(q)!;
  return text.trim() === String(Number(a) + Number(b));
};

describe('the sim understands effort', () => {
  it('more effort: more reasoning tokens (inside the output tokens) and fewer wrong answers', async () => {
    const wrong: Record<string, number> = {};
    const reasoning: Record<string, number> = {};
    for (const effort of ['none', 'low', 'high']) {
      wrong[effort] = 0;
      reasoning[effort] = 0;
      const bodies = await Promise.all(
        QUESTIONS.map((q) =>
          post('/v1/chat/completions', {
            model: 'sim-budget',
            messages: [{ role: 'user', content: q }],
            max_completion_tokens: 2048,
            reasoning_effort: effort,
          }),
        ),
      );
      bodies.forEach((body, i) => {
        const u = body.usage;
        expect(u.completion_tokens).toBeGreaterThanOrEqual(u.completion_tokens_details.reasoning_tokens);
        reasoning[effort] += u.completion_tokens_details.reasoning_tokens;
        if (!right(QUESTIONS[i]!, body.choices[0].message.content)) wrong[effort]!++;
      });
    }
    expect(reasoning.none).toBe(0);
    expect(reasoning.low).toBeGreaterThan(0);
    expect(reasoning.high).toBeGreaterThan(reasoning.low! * 4);
    expect(wrong.low).toBeLessThan(wrong.none!);
    expect(wrong.high).toBeLessThan(wrong.low!);
  });

  it('Anthropic thinking: a thinking block, thinking tokens inside output_tokens, capped at the budget', async () => {
    const body = await post('/v1/messages', {
      model: 'sim-mid',
      max_tokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'What is 2 + 3?' }],
    });
    expect(body.content[0].type).toBe('thinking');
    expect(body.content.at(-1)).toMatchObject({ type: 'text' });
    const thinking = body.usage.output_tokens_details.thinking_tokens;
    expect(thinking).toBeGreaterThan(0);
    expect(thinking).toBeLessThanOrEqual(1024);
    expect(body.usage.output_tokens).toBeGreaterThan(thinking);
  });

  it('reasoning counts toward the cap: a cap the reasoning fills leaves an empty, incomplete answer', async () => {
    const body = await post('/v1/responses', {
      model: 'sim-mid',
      input: [{ role: 'user', content: 'What is 2 + 3?' }],
      max_output_tokens: 100,
      reasoning: { effort: 'high' },
    });
    expect(body.status).toBe('incomplete');
    expect(body.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(body.usage.output_tokens).toBe(100);
    expect(body.usage.output_tokens_details.reasoning_tokens).toBe(100);
    expect(body.output.filter((o: { type: string }) => o.type === 'message')).toEqual([]);
  });
});
