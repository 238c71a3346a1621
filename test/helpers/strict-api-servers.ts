import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback servers that refuse what the real APIs refuse, for tests of what tollgate sends:
 * - OpenAI (`/v1/chat/completions`, `/v1/responses`): a reasoning model (o-series, gpt-5) answers 400
 *   `unsupported_value` to a `temperature` other than 1, `unsupported_parameter` to `top_p` and to
 *   `max_tokens` (it takes `max_completion_tokens`), as OpenAI words them.
 * - Anthropic (`/v1/messages`): 400 without `max_tokens`; with thinking, 400 for a budget under 1024,
 *   `max_tokens` not above the budget, a `temperature` other than 1 or a `top_p` under 0.95.
 * Each answers "What is A + B?" correctly, with usage it logs: reasoning (OpenAI) or thinking
 * (Anthropic) tokens inside the output tokens, more for more effort.
 */

export interface LoggedCall {
  path: string;
  body: Record<string, unknown>;
  status: number;
  usage: { input: number; output: number; reasoning: number } | null;
  /** The key the client sent (`Authorization: Bearer …` or `x-api-key`), or null. */
  key?: string | null;
}

export interface StrictServer {
  url: string;
  calls: LoggedCall[];
  close(): Promise<void>;
}

const REASONING = /^(o\d|gpt-5)/;
/** Reasoning tokens per effort (OpenAI's default effort is medium). */
const EFFORT_TOKENS: Record<string, number> = { minimal: 8, low: 64, medium: 192, high: 384 };
const PROMPT_TOKENS = 30;
const ANSWER_TOKENS = 2;

function sum(text: string): string {
  const m = /(-?\d+)\s*\+\s*(-?\d+)/.exec(text);
  return m ? String(Number(m[1]) + Number(m[2])) : '?';
}

function lastUserText(messages: unknown): string {
  const list = Array.isArray(messages) ? (messages as Array<{ role?: string; content?: unknown }>) : [];
  const user = list.filter((m) => m.role === 'user').at(-1);
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
}

function openaiError(message: string, param: string, code: string) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** What OpenAI refuses for a reasoning model, or null. */
function openaiRefusal(body: Record<string, unknown>, responses: boolean): unknown {
  const model = String(body.model ?? '');
  if (!REASONING.test(model)) return null;
  if (body.temperature !== undefined && body.temperature !== 1)
    return openaiError(
      `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
      'temperature',
      'unsupported_value',
    );
  if (body.top_p !== undefined)
    return openaiError(
      "Unsupported parameter: 'top_p' is not supported with this model.",
      'top_p',
      'unsupported_parameter',
    );
  if (!responses && body.max_tokens !== undefined)
    return openaiError(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'max_tokens',
      'unsupported_parameter',
    );
  if (responses && (body.messages !== undefined || body.max_tokens !== undefined))
    return openaiError('Unknown parameter: messages/max_tokens.', 'messages', 'unknown_parameter');
  return null;
}

function openaiReply(
  path: string,
  body: Record<string, unknown>,
): { status: number; json: unknown; call: LoggedCall } {
  const responses = path === '/v1/responses';
  const refusal = openaiRefusal(body, responses);
  if (refusal) return { status: 400, json: refusal, call: { path, body, status: 400, usage: null } };
  const effort = String(
    (responses ? (body.reasoning as { effort?: string } | undefined)?.effort : body.reasoning_effort) ??
      'medium',
  );
  const reasoning = REASONING.test(String(body.model)) ? (EFFORT_TOKENS[effort] ?? 192) : 0;
  const answer = sum(lastUserText(responses ? body.input : body.messages));
  const usage = { input: PROMPT_TOKENS, output: reasoning + ANSWER_TOKENS, reasoning };
  const json = responses
    ? {
        id: 'resp_1',
        object: 'response',
        status: 'completed',
        model: body.model,
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [] },
          {
            type: 'message',
            id: 'msg_1',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: answer, annotations: [] }],
          },
        ],
        usage: {
          input_tokens: usage.input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: usage.output,
          output_tokens_details: { reasoning_tokens: reasoning },
          total_tokens: usage.input + usage.output,
        },
      }
    : {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: usage.input,
          completion_tokens: usage.output,
          total_tokens: usage.input + usage.output,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: reasoning },
        },
      };
  return { status: 200, json, call: { path, body, status: 200, usage } };
}

function anthropicError(message: string) {
  return { type: 'error', error: { type: 'invalid_request_error', message } };
}

/** What Anthropic refuses, or null. */
function anthropicRefusal(body: Record<string, unknown>): unknown {
  if (typeof body.max_tokens !== 'number') return anthropicError('max_tokens: Field required');
  const thinking = body.thinking as { type?: string; budget_tokens?: number } | undefined;
  if (thinking?.type !== 'enabled') return null;
  const budget = Number(thinking.budget_tokens);
  if (!(budget >= 1024))
    return anthropicError('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (body.max_tokens <= budget)
    return anthropicError('`max_tokens` must be greater than `thinking.budget_tokens`.');
  if (body.temperature !== undefined && body.temperature !== 1)
    return anthropicError('`temperature` may only be set to 1 when thinking is enabled.');
  if (typeof body.top_p === 'number' && body.top_p < 0.95)
    return anthropicError('`top_p` must be greater than or equal to 0.95 when thinking is enabled.');
  return null;
}

function anthropicReply(
  path: string,
  body: Record<string, unknown>,
): { status: number; json: unknown; call: LoggedCall } {
  const refusal = anthropicRefusal(body);
  if (refusal) return { status: 400, json: refusal, call: { path, body, status: 400, usage: null } };
  const thinking = body.thinking as { budget_tokens?: number } | undefined;
  const reasoning = thinking ? Math.min(700, Number(thinking.budget_tokens) - 1) : 0;
  const usage = { input: 25, output: reasoning + ANSWER_TOKENS, reasoning };
  const answer = sum(lastUserText(body.messages));
  const json = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [
      ...(thinking ? [{ type: 'thinking', thinking: 'Adding the two numbers.', signature: 'sig' }] : []),
      { type: 'text', text: answer },
    ],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      output_tokens_details: { thinking_tokens: reasoning },
    },
  };
  return { status: 200, json, call: { path, body, status: 200, usage } };
}

/** Starts one server speaking both APIs on 127.0.0.1 (OpenAI under `/v1`, Anthropic at the root). */
export async function startStrictServer(): Promise<StrictServer> {
  const calls: LoggedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const r =
        path === '/v1/messages'
          ? anthropicReply(path, body)
          : path === '/v1/chat/completions' || path === '/v1/responses'
            ? openaiReply(path, body)
            : {
                status: 404,
                json: { error: { message: `no route ${path}` } },
                call: { path, body, status: 404, usage: null },
              };
      const auth = req.headers.authorization ?? '';
      const key =
        (req.headers['x-api-key'] as string | undefined) ??
        (auth.startsWith('Bearer ') ? auth.slice(7) : null);
      calls.push({ ...r.call, key });
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
