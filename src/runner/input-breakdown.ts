import type { InputBreakdown } from '../log/records-file.ts';
import { countTextTokens } from '../pricing/count-tokens.ts';
import type { Tokenizer } from '../pricing/tokenizer.ts';
import { toolCallsOf } from '../prompt/chat-message.ts';
import type { ChatRequest } from '../providers/provider.ts';

/** An empty breakdown, to add a task's calls into. */
export function emptyBreakdown(): InputBreakdown {
  return { system: 0, prompt: 0, history: 0, tools: 0 };
}

/**
 * Adds what one request's input is made of, counted locally (src/pricing/count-tokens.ts): the
 * system messages, the first user message (the prompt), everything after it (the history: earlier
 * answers, tool calls and tool results, later user turns), and the tool definitions, which are
 * sent again on every call. An estimate: it leaves out the providers' per-message framing.
 */
export function addBreakdown(
  into: InputBreakdown,
  provider: string,
  req: Pick<ChatRequest, 'messages' | 'tools'>,
  tokenizer: Tokenizer,
): InputBreakdown {
  const count = (text: string) => (text === '' ? 0 : countTextTokens(provider, text, tokenizer));
  let promptSeen = false;
  for (const m of req.messages) {
    const calls = toolCallsOf(m);
    const n = count(m.content) + (calls.length > 0 ? count(JSON.stringify(calls)) : 0);
    if (m.role === 'system') into.system += n;
    else if (m.role === 'user' && !promptSeen) {
      into.prompt += n;
      promptSeen = true;
    } else into.history += n;
  }
  if (req.tools && req.tools.length > 0) into.tools += count(JSON.stringify(req.tools));
  return into;
}
