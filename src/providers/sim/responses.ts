import type { Tokens } from '../../pricing/tokens.ts';
import type { SimAnswer } from './brain.ts';
import { openaiTokens } from './openai-tokens.ts';
import { flatten, type SimMessage } from './sim-model.ts';

/**
 * The simulator's Responses API (`POST /v1/responses`): the messages a request carries (`instructions`
 * and `input`, a string or a list of messages and tool items) and the `response` object it answers
 * with. Its usage is Chat Completions' with the Responses API's names; the prompt cache is warm as
 * there. Tool calls work as on its other endpoints (tools.ts): a `function_call` item is an
 * assistant turn, a `function_call_output` item a tool result, and the sim's calls are
 * `function_call` output items.
 */

export function responsesMessages(body: Record<string, unknown>): SimMessage[] {
  const out: SimMessage[] = [];
  if (typeof body.instructions === 'string') out.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') out.push({ role: 'user', content: body.input });
  else if (Array.isArray(body.input))
    for (const m of body.input as Array<Record<string, unknown>>) {
      if (!m || typeof m !== 'object') continue;
      if (m.type === 'function_call_output') out.push({ role: 'tool', content: flatten(m.output) });
      else if (m.type === 'function_call') out.push({ role: 'assistant', content: JSON.stringify(m) });
      else if (typeof m.role === 'string')
        out.push({ role: m.role === 'developer' ? 'system' : m.role, content: flatten(m.content) });
    }
  return out;
}

export function responsesReply(
  modelName: string,
  a: SimAnswer,
  maxTokens: number,
): { tokens: Tokens; body: Record<string, unknown> } {
  const tokens = openaiTokens(a);
  const cached = tokens.cacheRead;
  const id = Math.floor(Math.random() * 1e12);
  const incomplete = !a.toolCalls && a.outputTokens >= maxTokens;
  const reasoning =
    a.reasoningTokens > 0 ? [{ id: `rs_sim_${id}`, type: 'reasoning', summary: [] as unknown[] }] : [];
  const message =
    a.text === ''
      ? []
      : [
          {
            id: `msg_sim_${id}`,
            type: 'message',
            role: 'assistant',
            status: incomplete ? 'incomplete' : 'completed',
            content: [{ type: 'output_text', text: a.text, annotations: [] }],
          },
        ];
  const calls = (a.toolCalls ?? []).map((c) => ({
    id: `fc_sim_${c.id}`,
    type: 'function_call',
    status: 'completed',
    call_id: c.id,
    name: c.name,
    arguments: JSON.stringify(c.arguments),
  }));
  return {
    tokens,
    body: {
      id: `resp_sim_${id}`,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      model: modelName,
      status: incomplete ? 'incomplete' : 'completed',
      incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
      output: [...reasoning, ...message, ...calls],
      usage: {
        input_tokens: a.promptTokens,
        input_tokens_details: { cached_tokens: cached },
        output_tokens: a.outputTokens,
        output_tokens_details: { reasoning_tokens: a.reasoningTokens },
        total_tokens: a.promptTokens + a.outputTokens,
      },
    },
  };
}
