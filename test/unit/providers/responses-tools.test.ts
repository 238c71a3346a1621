/** Tool calls through the Responses API: the request body with tools and tool items, and parseResponse. */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/errors.ts';
import { parseResponse, responsesBody } from '../../../src/providers/openai-responses.ts';

const usage = {
  input_tokens: 100,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 10,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 110,
};
const call = (args: unknown) => ({
  id: 'fc_1',
  type: 'function_call',
  status: 'completed',
  call_id: 'call_1',
  name: 'calculator',
  arguments: args,
});

describe('responsesBody with tools', () => {
  it('sends tools, function_call and function_call_output items', () => {
    const body = responsesBody({
      model: 'gpt-5-mini',
      params: { maxTokens: 64 },
      tools: [{ name: 'calculator', parameters: { type: 'object' } }],
      toolChoice: 'auto',
      messages: [
        { role: 'user', content: '2+3?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { e: '2+3' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '5' },
      ],
    });
    expect(body).toMatchObject({
      input: [
        { role: 'user', content: '2+3?' },
        { type: 'function_call', call_id: 'call_1', name: 'calculator', arguments: '{"e":"2+3"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '5' },
      ],
      tools: [{ type: 'function', name: 'calculator', parameters: { type: 'object' }, strict: false }],
      tool_choice: 'auto',
    });
  });
});

describe('parseResponse with function_call items', () => {
  it('returns the calls, arguments parsed, and finishReason tool_calls', () => {
    const res = parseResponse({ status: 'completed', output: [call('{"expression":"2 + 3"}')], usage });
    expect(res.text).toBe('');
    expect(res.finishReason).toBe('tool_calls');
    expect(res.toolCalls).toEqual([{ id: 'call_1', name: 'calculator', arguments: { expression: '2 + 3' } }]);
    expect(res.tokens.input).toBe(100);
  });

  it('is malformed, usage kept, when arguments are not a JSON object', () => {
    let err: unknown;
    try {
      parseResponse({ status: 'completed', output: [call('[1, 2]')], usage });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe('malformed');
    expect((err as ProviderError).tokens?.input).toBe(100);
  });

  it('has no toolCalls field on a text answer', () => {
    const res = parseResponse({
      status: 'completed',
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'hi' }] }],
      usage,
    });
    expect(res).not.toHaveProperty('toolCalls');
    expect(res.finishReason).toBe('stop');
  });
});
