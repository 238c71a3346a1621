/**
 * An agentic suite that runs offline on the simulator: a native tool-call loop. The model is offered
 * one tool, a calculator, through the provider's own tool-calling API; the task runs each call
 * locally, sends the result back as a tool message, and repeats until the model answers in text. A
 * question takes several model calls, and each call's attempts, tokens and cost (the tool
 * definition is billed as input on every call) are charged to the sample, so the report's cost per
 * success is the cost of a whole task, not of one call. `limits` stops a task that loops.
 *
 *   npm run eval -- agent
 */
import { type ChatMessage, defineSuite, type Tool } from '../src/index.ts';

/** The calculator tool, as every provider is offered it. */
const CALCULATOR: Tool = {
  name: 'calculator',
  description: 'Evaluates one arithmetic operation on two numbers, e.g. "23 * 6".',
  parameters: {
    type: 'object',
    properties: {
      expression: { type: 'string', description: 'Two numbers and one operator (+ - * /): "A OP B".' },
    },
    required: ['expression'],
    additionalProperties: false,
  },
};

const SYSTEM = `You are a careful agent with a calculator tool.
Use it for every arithmetic step, one operation at a time; never do arithmetic in your head.
When you have the final result, answer with the number.`;

/** The calculator: two numbers and an operator, evaluated locally (no eval). */
function calc(expression: unknown): string {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([-+*/])\s*(-?\d+(?:\.\d+)?)\s*$/.exec(String(expression));
  if (!m) return `error: expected "A OP B", got "${String(expression)}"`;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const v = m[2] === '+' ? a + b : m[2] === '-' ? a - b : m[2] === '*' ? a * b : b === 0 ? Number.NaN : a / b;
  if (!Number.isFinite(v)) return 'error: division by zero';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export default defineSuite({
  name: 'agent',
  description:
    'A calculator tool loop with native tool calls on the simulator: several metered calls per task.',
  dataset: '../datasets/agent.jsonl',
  prompts: [{ id: 'tool-loop', system: SYSTEM, user: '{{question}}' }],
  models: ['sim:sim-frontier', 'sim:sim-mid', 'sim:sim-budget'],
  params: { temperature: 0, maxTokens: 64 },
  // a task that loops is stopped at its 8th call or its 2,000th token, and fails with kind `limit`
  limits: { maxCalls: 8, maxTokens: 2000, timeoutMs: 30_000 },
  scorers: [
    {
      type: 'custom',
      name: 'exact-number',
      fn: ({ output, input }) => {
        const ok = output.trim() !== '' && Number(output) === Number(input.expected);
        return {
          pass: ok,
          reason: ok ? 'the right number' : `expected ${String(input.expected)}, got ${output}`,
        };
      },
    },
  ],
  task: async ({ input, prompt, model }) => {
    const messages: ChatMessage[] = [
      { role: 'system', content: prompt.system ?? SYSTEM },
      { role: 'user', content: String(input.question) },
    ];
    // runs until the model answers; `limits.maxCalls` ends a task that never does
    for (;;) {
      const res = await model.chat(messages, { tools: [CALCULATOR] });
      if (res.toolCalls.length === 0) return /-?\d+(?:\.\d+)?(?!.*\d)/s.exec(res.text)?.[0] ?? res.text;
      // providerBlocks: Anthropic's thinking blocks, which must come back with the tool calls
      const { text, toolCalls, providerBlocks } = res;
      messages.push({
        role: 'assistant',
        content: text,
        toolCalls,
        ...(providerBlocks && { providerBlocks }),
      });
      for (const call of res.toolCalls)
        messages.push({ role: 'tool', toolCallId: call.id, content: calc(call.arguments.expression) });
    }
  },
  qualityBar: 0.8,
  budgetUsd: 0.5,
  concurrency: 8,
  timeoutMs: 10000,
  projection: {
    tasksPerDay: 2000,
    monitoringUsdPerMonth: 200,
    humanReviewUsdPerTask: 0.01,
    growth: 2.5,
    selfHost: {
      gpuUsdPerHour: 3.0,
      promptTokensPerSecond: 20000,
      outputTokensPerSecond: 2500,
      utilisation: 0.5,
    },
  },
});
