/**
 * Contract fixtures: response bodies in the shapes the providers document
 * (test/fixtures/providers/), served by a loopback server and read through the official SDKs by
 * tollgate's real normalisers. Each cost is worked out by hand below, as literal numbers, from the
 * list prices the bundled table holds for the fixture's model (asserted first).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { computeCost } from '../../../src/pricing/compute-cost.ts';
import { lookupPrice } from '../../../src/pricing/price-table.ts';
import { createAnthropicProvider } from '../../../src/providers/anthropic.ts';
import { createOpenAIProvider } from '../../../src/providers/openai.ts';
import type { ChatRequest } from '../../../src/providers/provider.ts';
import { stopReasonOf } from '../../../src/providers/tool-messages.ts';
import { type ScriptedServer, startScriptedServer } from '../../helpers/scripted-server.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/providers/${name}`, import.meta.url), 'utf8'));
}

const call = () => ({ signal: new AbortController().signal, timeoutMs: 5000 });
const CALCULATOR = {
  name: 'calculator',
  description: 'Evaluates "A OP B".',
  parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
};

/** A request in the middle of a tool loop: two tool calls answered, then the next call. */
function toolLoopRequest(model: string): ChatRequest {
  return {
    model,
    messages: [
      { role: 'system', content: 'Use the calculator.' },
      { role: 'user', content: 'Compute (23 * 6) + (8 * 2).' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'c1', name: 'calculator', arguments: { expression: '23 * 6' } },
          { id: 'c2', name: 'calculator', arguments: { expression: '8 * 2' } },
        ],
      },
      { role: 'tool', toolCallId: 'c1', content: '138' },
      { role: 'tool', toolCallId: 'c2', content: '16' },
    ],
    params: { temperature: 0, maxTokens: 2048 },
    tools: [CALCULATOR],
    toolChoice: 'auto',
  };
}

let server: ScriptedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('contract fixtures through the SDKs and the normalisers', () => {
  it('Chat Completions: cached and reasoning tokens, a tool call, and the request in OpenAI’s shape', async () => {
    server = await startScriptedServer([{ body: fixture('openai-chat-cached-reasoning.json') }]);
    const p = createOpenAIProvider({ apiKey: 'k', baseURL: `${server.url}/v1`, apiKeyEnv: null });
    const res = await p.chat(toolLoopRequest('o4-mini'), call());
    expect(res.tokens).toEqual({ input: 486, cacheRead: 1920, cacheWrite: 0, output: 690, reasoning: 640 });
    expect(res.toolCalls).toEqual([
      { id: 'call_Qm3vX8pL2kR7sT1nB4dF6hJ9', name: 'calculator', arguments: { expression: '23 * 6' } },
    ]);
    expect(res.text).toBe('');
    expect(stopReasonOf(res.finishReason)).toBe('tool_use');
    const price = lookupPrice('openai', 'o4-mini')!;
    expect(price).toMatchObject({ input: 1.1, cacheRead: 0.275, output: 4.4 });
    // (2406 − 1920) × 1.1 + 1920 × 0.275 + 690 × 4.4 = 534.6 + 528 + 3036 = 4098.6 per 1M
    expect(computeCost(price, res.tokens)).toBeCloseTo(0.0040986, 12);

    const sent = JSON.parse(server.requests[0]!.body);
    expect(sent.tools).toEqual([{ type: 'function', function: CALCULATOR }]);
    expect(sent.tool_choice).toBe('auto');
    expect(sent.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'calculator', arguments: '{"expression":"23 * 6"}' },
          },
          {
            id: 'c2',
            type: 'function',
            function: { name: 'calculator', arguments: '{"expression":"8 * 2"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '138' },
      { role: 'tool', tool_call_id: 'c2', content: '16' },
    ]);
  });

  it('Anthropic: cache writes split 5m/1h (1h at 2× input), a thinking block and tool_use', async () => {
    server = await startScriptedServer([{ body: fixture('anthropic-cache-thinking-tool-use.json') }]);
    const p = createAnthropicProvider({ apiKey: 'k', baseURL: server.url, apiKeyEnv: null });
    const res = await p.chat(toolLoopRequest('claude-sonnet-4-6'), call());
    expect(res.tokens).toMatchObject({
      input: 412,
      cacheRead: 12000,
      cacheWrite: 6000,
      cacheWrite1h: 2000,
      output: 530,
    });
    // the thinking block is not the answer's text
    expect(res.text).toBe("I'll compute the product first.");
    expect(res.toolCalls).toEqual([
      { id: 'toolu_01A09q90qw90lq917835lq9', name: 'calculator', arguments: { expression: '23 * 6' } },
    ]);
    expect(stopReasonOf(res.finishReason)).toBe('tool_use');
    const price = lookupPrice('anthropic', 'claude-sonnet-4-6')!;
    expect(price).toMatchObject({ input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15 });
    // 412 × 3 + 12000 × 0.3 + 4000 × 3.75 (5m, 1.25× input) + 2000 × 6 (1h, 2× input) + 530 × 15
    // = 1236 + 3600 + 15000 + 12000 + 7950 = 39786 per 1M
    expect(computeCost(price, res.tokens)).toBeCloseTo(0.039786, 12);

    const sent = JSON.parse(server.requests[0]!.body);
    expect(sent.system).toBe('Use the calculator.');
    expect(sent.tools).toEqual([
      { name: 'calculator', description: CALCULATOR.description, input_schema: CALCULATOR.parameters },
    ]);
    expect(sent.tool_choice).toEqual({ type: 'auto' });
    expect(sent.messages).toEqual([
      { role: 'user', content: 'Compute (23 * 6) + (8 * 2).' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'c1', name: 'calculator', input: { expression: '23 * 6' } },
          { type: 'tool_use', id: 'c2', name: 'calculator', input: { expression: '8 * 2' } },
        ],
      },
      // consecutive tool results share one user message
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: '138' },
          { type: 'tool_result', tool_use_id: 'c2', content: '16' },
        ],
      },
    ]);
  });

  it('Gemini’s OpenAI-compatible usage: thought tokens only in total_tokens are billed as output', async () => {
    server = await startScriptedServer([{ body: fixture('gemini-openai-compat.json') }]);
    const baseURL = 'https://generativelanguage.googleapis.com/v1beta/openai/';
    const p = createOpenAIProvider({ apiKey: 'k', baseURL: `${server.url}/v1`, apiKeyEnv: null });
    const res = await p.chat({ ...toolLoopRequest('gemini-2.5-flash'), tools: undefined }, call());
    expect(res.text).toBe('The answer is 146.');
    // 553 − 20 − 151 = 382 hidden thought tokens
    expect(res.tokens).toEqual({ input: 20, cacheRead: 0, cacheWrite: 0, output: 533, reasoning: 382 });
    const price = lookupPrice('openai', 'gemini-2.5-flash', baseURL)!;
    expect(price).toMatchObject({ input: 0.3, output: 2.5 });
    // 20 × 0.3 + 533 × 2.5 = 6 + 1332.5 = 1338.5 per 1M
    expect(computeCost(price, res.tokens)).toBeCloseTo(0.0013385, 12);
  });

  it('Azure OpenAI: content and prompt filter results around a chat completion, priced by the model name', async () => {
    server = await startScriptedServer([{ body: fixture('azure-chat.json') }]);
    const p = createOpenAIProvider({ apiKey: 'k', baseURL: `${server.url}/v1`, apiKeyEnv: null });
    const res = await p.chat({ ...toolLoopRequest('gpt-4o'), tools: undefined }, call());
    expect(res.text).toBe('146');
    expect(res.toolCalls).toBeUndefined();
    expect(res.tokens).toEqual({ input: 148, cacheRead: 1152, cacheWrite: 0, output: 2, reasoning: 0 });
    const price = lookupPrice('openai', 'gpt-4o')!;
    expect(price).toMatchObject({ input: 2.5, cacheRead: 1.25, output: 10 });
    // 148 × 2.5 + 1152 × 1.25 + 2 × 10 = 370 + 1440 + 20 = 1830 per 1M
    expect(computeCost(price, res.tokens)).toBeCloseTo(0.00183, 12);
  });

  it('Responses API: the SDK reads the documented usage; tollgate normalises it and reads the answer', async () => {
    server = await startScriptedServer([{ body: fixture('openai-responses.json') }]);
    const p = createOpenAIProvider({
      apiKey: 'k',
      baseURL: `${server.url}/v1`,
      apiKeyEnv: null,
      api: 'responses',
    });
    const res = await p.chat({ ...toolLoopRequest('o4-mini'), tools: undefined }, call());
    expect(server.requests[0]!.path).toBe('/v1/responses');
    expect(res.text).toBe('146');
    expect(res.toolCalls).toBeUndefined();
    expect(stopReasonOf(res.finishReason)).toBe('end');
    // input_tokens includes the cached ones; output_tokens includes the reasoning ones
    expect(res.tokens).toEqual({ input: 314, cacheRead: 1536, cacheWrite: 0, output: 1100, reasoning: 1024 });
    const price = lookupPrice('openai', 'o4-mini')!;
    expect(price).toMatchObject({ input: 1.1, cacheRead: 0.275, output: 4.4 });
    // 314 × 1.1 + 1536 × 0.275 + 1100 × 4.4 = 345.4 + 422.4 + 4840 = 5607.8 per 1M
    expect(computeCost(price, res.tokens)).toBeCloseTo(0.0056078, 12);
  });

  it('Responses API: a function_call item, and the tool loop sent as input items', async () => {
    server = await startScriptedServer([{ body: fixture('openai-responses-tool-call.json') }]);
    const p = createOpenAIProvider({
      apiKey: 'k',
      baseURL: `${server.url}/v1`,
      apiKeyEnv: null,
      api: 'responses',
    });
    const res = await p.chat(toolLoopRequest('o4-mini'), call());
    expect(res.text).toBe('');
    expect(res.toolCalls).toEqual([
      { id: 'call_Xn4wY9qM3lS8uU2oC5eG7iK0', name: 'calculator', arguments: { expression: '138 + 16' } },
    ]);
    expect(stopReasonOf(res.finishReason)).toBe('tool_use');
    expect(res.tokens).toEqual({ input: 362, cacheRead: 2048, cacheWrite: 0, output: 212, reasoning: 192 });
    // 362 × 1.1 + 2048 × 0.275 + 212 × 4.4 = 398.2 + 563.2 + 932.8 = 1894.2 per 1M
    expect(computeCost(lookupPrice('openai', 'o4-mini')!, res.tokens)).toBeCloseTo(0.0018942, 12);

    const sent = JSON.parse(server.requests[0]!.body);
    expect(sent.tools).toEqual([{ type: 'function', ...CALCULATOR, strict: false }]);
    expect(sent.tool_choice).toBe('auto');
    expect(sent.input.slice(2)).toEqual([
      { type: 'function_call', call_id: 'c1', name: 'calculator', arguments: '{"expression":"23 * 6"}' },
      { type: 'function_call', call_id: 'c2', name: 'calculator', arguments: '{"expression":"8 * 2"}' },
      { type: 'function_call_output', call_id: 'c1', output: '138' },
      { type: 'function_call_output', call_id: 'c2', output: '16' },
    ]);
  });
});
