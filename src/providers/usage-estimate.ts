import { countPromptTokens, countTextTokens } from '../pricing/count-tokens.ts';
import type { Tokenizer } from '../pricing/tokenizer.ts';
import type { Tokens } from '../pricing/tokens.ts';
import type { ToolCall } from '../prompt/chat-message.ts';
import type { ChatRequest } from './provider.ts';
import { countedContents } from './tool-messages.ts';

/**
 * The tokens of an attempt whose response carried no usage, counted locally as `tollgate estimate`
 * counts them: the prompt from the messages sent (the chat-format count for OpenAI-style servers,
 * the documented over-estimate of src/pricing/count-tokens.ts for Anthropic), the output from the
 * text received. Hidden reasoning tokens cannot be seen and are not counted.
 */
export function localUsage(
  provider: string,
  request: Pick<ChatRequest, 'messages' | 'tools'>,
  text: string,
  tokenizer: Tokenizer,
  toolCalls: ToolCall[] = [],
): Tokens {
  // tool definitions and earlier tool calls are billed as input, tool calls made now as output
  const messages = countedContents(request);
  let input: number;
  if (provider === 'anthropic') input = countPromptTokens(provider, messages, tokenizer);
  else {
    input = 3;
    for (const m of messages) input += 4 + tokenizer.count(m.content);
  }
  const said = toolCalls.length > 0 ? `${text}${JSON.stringify(toolCalls)}` : text;
  return {
    input,
    cacheRead: 0,
    cacheWrite: 0,
    output: countTextTokens(provider, said, tokenizer),
    reasoning: 0,
  };
}
