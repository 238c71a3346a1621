import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/errors.ts';
import { upperBoundTokenizer } from '../../../src/pricing/tokenizer.ts';
import {
  anthropicMessages,
  anthropicToolFields,
  openaiToolCalls,
  openaiToolFields,
  responsesInput,
  responsesToolCalls,
  responsesToolFields,
  stopReasonOf,
} from '../../../src/providers/tool-messages.ts';
import { localUsage } from '../../../src/providers/usage-estimate.ts';

const TOOL = { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } };

describe('tool-call translation', () => {
  it('maps toolChoice to each API', () => {
    const openai = (toolChoice: Parameters<typeof openaiToolFields>[0]['toolChoice']) =>
      openaiToolFields({ tools: [TOOL], toolChoice }).tool_choice;
    const anthropic = (toolChoice: Parameters<typeof anthropicToolFields>[0]['toolChoice']) =>
      anthropicToolFields({ tools: [TOOL], toolChoice }).tool_choice;
    expect([openai('auto'), openai('none'), openai('required'), openai({ name: 'lookup' })]).toEqual([
      'auto',
      'none',
      'required',
      { type: 'function', function: { name: 'lookup' } },
    ]);
    expect([
      anthropic('auto'),
      anthropic('none'),
      anthropic('required'),
      anthropic({ name: 'lookup' }),
    ]).toEqual([{ type: 'auto' }, { type: 'none' }, { type: 'any' }, { type: 'tool', name: 'lookup' }]);
    // no tools, no fields: a plain request's body (and cache key) is unchanged
    expect(openaiToolFields({ tools: [] })).toEqual({});
    expect(anthropicToolFields({})).toEqual({});
  });

  it('puts a user turn after tool results in the same Anthropic user message, after the results', () => {
    const out = anthropicMessages([
      { role: 'user', content: 'find x' },
      {
        role: 'assistant',
        content: 'Looking.',
        toolCalls: [{ id: 't1', name: 'lookup', arguments: { q: 'x' } }],
      },
      { role: 'tool', toolCallId: 't1', content: 'x = 3' },
      { role: 'user', content: 'and y?' },
      { role: 'assistant', content: 'y is unknown.' },
    ]);
    expect(out).toEqual([
      { role: 'user', content: 'find x' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 't1', name: 'lookup', input: { q: 'x' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'x = 3' },
          { type: 'text', text: 'and y?' },
        ],
      },
      { role: 'assistant', content: 'y is unknown.' },
    ]);
  });

  it('rejects tool-call arguments that are not a JSON object, keeping the usage for the price', () => {
    const tokens = { input: 10, cacheRead: 0, cacheWrite: 0, output: 5, reasoning: 0 };
    const message = {
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'lookup', arguments: '{"q": ' } }],
    };
    let caught: unknown = null;
    try {
      openaiToolCalls(message, tokens);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect((caught as ProviderError).kind).toBe('malformed');
    expect((caught as ProviderError).tokens).toEqual(tokens);
    const empty = { tool_calls: [{ id: 'c', type: 'function', function: { name: 'now', arguments: '' } }] };
    expect(openaiToolCalls(empty, tokens)).toEqual([{ id: 'c', name: 'now', arguments: {} }]);
  });

  it('translates tools, calls and results for the Responses API', () => {
    expect(responsesToolFields({ tools: [TOOL], toolChoice: { name: 'lookup' } })).toEqual({
      tools: [{ type: 'function', name: 'lookup', parameters: TOOL.parameters, strict: false }],
      tool_choice: { type: 'function', name: 'lookup' },
    });
    expect(
      responsesInput([
        { role: 'user', content: 'find x' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'x' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: 'x = 3' },
      ]),
    ).toEqual([
      { role: 'user', content: 'find x' },
      { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'x = 3' },
    ]);
    const output = [
      { type: 'reasoning', id: 'rs_1', summary: [] },
      {
        type: 'function_call',
        id: 'fc_1',
        call_id: 'call_2',
        name: 'lookup',
        arguments: '{"q":"y"}',
        status: 'completed',
      },
    ];
    expect(responsesToolCalls(output, null)).toEqual([
      { id: 'call_2', name: 'lookup', arguments: { q: 'y' } },
    ]);
  });

  it('counts tool definitions and calls in a locally counted usage, input and output', () => {
    const messages = [{ role: 'user' as const, content: 'find x' }];
    const plain = localUsage('openai', { messages }, '', upperBoundTokenizer);
    const withTools = localUsage('openai', { messages, tools: [TOOL] }, '', upperBoundTokenizer, [
      { id: 'c', name: 'lookup', arguments: { q: 'x' } },
    ]);
    // the byte-count bound: the tools' JSON and 4 tokens of framing, and the call's JSON
    expect(withTools.input - plain.input).toBe(JSON.stringify([TOOL]).length + 4);
    expect(withTools.output - plain.output).toBe(
      JSON.stringify([{ id: 'c', name: 'lookup', arguments: { q: 'x' } }]).length,
    );
  });

  it('words stop reasons the same across providers', () => {
    expect(
      ['stop', 'end_turn', 'tool_calls', 'tool_use', 'length', 'max_tokens', 'pause_turn', null].map(
        stopReasonOf,
      ),
    ).toEqual(['end', 'end', 'tool_use', 'tool_use', 'max_tokens', 'max_tokens', 'other', 'other']);
  });
});
