/**
 * The simulator's native tool use, in both API flavours. When a request offers a calculator (a tool
 * whose parameters have an `expression` property) and the first user message holds arithmetic, the
 * sim works through it as the text-protocol agent does (src/providers/sim/agent.ts): each reply is a
 * call `{ expression: "A OP B" }` to that tool, or, once the results are in, the answer in text.
 * The tool definitions are billed as input on every call, as real providers bill them.
 */
import type { Tokenizer } from '../../pricing/tokenizer.ts';
import { agentStep } from './agent.ts';
import { countPromptTokens, type SimAnswer } from './brain.ts';
import { hash01, type SimMessage, type SimModel } from './sim-model.ts';

/** A tool a request offers: its name and JSON Schema, in either flavour. */
export interface SimTool {
  name: string;
  parameters: Record<string, unknown>;
}

/** The tools a request offers; none when `tool_choice` forbids calling them. */
export function offeredTools(body: Record<string, unknown>): SimTool[] {
  const choice = body.tool_choice;
  if (choice === 'none' || (choice as { type?: unknown } | undefined)?.type === 'none') return [];
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  return tools.map((t) => {
    const fn = (t.function ?? t) as Record<string, unknown>;
    const parameters = (fn.parameters ?? t.input_schema ?? {}) as Record<string, unknown>;
    return { name: String(fn.name ?? ''), parameters };
  });
}

/** The request's messages as the sim reads them: tool results become `tool` messages. */
export function simMessages(flavour: 'openai' | 'anthropic', body: Record<string, unknown>): SimMessage[] {
  const msgs = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const out: SimMessage[] = [];
  if (flavour === 'anthropic' && body.system !== undefined)
    out.push({ role: 'system', content: blockText(body.system) });
  for (const m of msgs) {
    const role = String(m.role);
    if (flavour === 'openai') {
      const calls = m.tool_calls === undefined ? '' : JSON.stringify(m.tool_calls);
      out.push({ role, content: blockText(m.content) + calls });
      continue;
    }
    const blocks = Array.isArray(m.content) ? (m.content as Array<Record<string, unknown>>) : [];
    for (const b of blocks.filter((b) => b?.type === 'tool_result'))
      out.push({ role: 'tool', content: blockText(b.content) });
    const uses = blocks.filter((b) => b?.type === 'tool_use');
    const text = blockText(m.content) + (uses.length > 0 ? JSON.stringify(uses) : '');
    if (text !== '' || blocks.length === 0) out.push({ role, content: text });
  }
  return out;
}

/** The text of a content string or of its text blocks. */
function blockText(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c))
    return c
      .map((b) =>
        b && typeof b === 'object' && b.type !== 'tool_result' && 'text' in b ? String(b.text) : '',
      )
      .join('');
  return '';
}

/** The sim's answer with native tool calls; null when no calculator is offered or there is no arithmetic. */
export function toolAnswer(
  modelName: string,
  model: SimModel,
  messages: SimMessage[],
  tools: SimTool[],
  tokenizer: Tokenizer,
): SimAnswer | null {
  const calc = tools.find((t) => hasProperty(t.parameters, 'expression'));
  if (!calc) return null;
  const question = messages.find((m) => m.role === 'user')?.content ?? '';
  const results = messages
    .filter((m) => m.role === 'tool')
    .map((m) => /-?\d+(?:\.\d+)?/.exec(m.content)?.[0] ?? 'NaN');
  const step = agentStep(modelName, model, question, results);
  if (step === null) return null;
  const toolTokens = tokenizer.count(JSON.stringify(tools)) + 8 * tools.length;
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  // the tools and the system prompt are the prompt's prefix, which the sim's prompt cache serves
  const systemTokens = toolTokens + (system.length > 0 ? tokenizer.count(system.join('\n')) + 4 : 0);
  const promptTokens = countPromptTokens(messages, tokenizer) + toolTokens;
  if ('answer' in step) {
    const text = `The answer is ${step.answer}.`;
    return { text, promptTokens, systemTokens, outputTokens: tokenizer.count(text) + 1, reasoningTokens: 0 };
  }
  const args = { expression: step.call };
  const id = `call_${Math.floor(hash01(`call|${modelName}|${question}|${results.length}`) * 2 ** 48).toString(36)}`;
  return {
    text: '',
    toolCalls: [{ id, name: calc.name, arguments: args }],
    promptTokens,
    systemTokens,
    outputTokens: tokenizer.count(`${calc.name}${JSON.stringify(args)}`) + 4,
    reasoningTokens: 0,
  };
}

function hasProperty(schema: Record<string, unknown>, name: string): boolean {
  const props = schema.properties;
  return Boolean(props && typeof props === 'object' && name in props);
}
