/**
 * An agentic suite that runs offline on the simulator: a tool loop. The model is told about one
 * tool, a calculator, and asked to use it for every step; the task runs the tool locally, sends the
 * result back, and repeats until the model answers. A question takes several model calls, and each
 * call's attempts, tokens and cost are charged to the sample, so the report's cost per success is
 * the cost of a whole task, not of one call.
 *
 *   npm run eval -- agent
 */
import { defineSuite, type Message } from '../src/index.ts';

/** The most model calls one task may make before it gives up. */
const MAX_CALLS = 8;

const PROTOCOL = `You are a careful agent with one tool, a calculator.
To use it, reply with exactly one line: CALL calc(A OP B), with two numbers and one operator (+ - * /).
The tool's answer comes back as a message "RESULT V".
Use the tool for every arithmetic step, one operation at a time; never do arithmetic in your head.
When you have the final result, reply with exactly one line: ANSWER: V`;

/** The calculator tool: two numbers and an operator, evaluated locally (no eval). */
function calc(args: string): string {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([-+*/])\s*(-?\d+(?:\.\d+)?)\s*$/.exec(args);
  if (!m) return `error: expected "A OP B", got "${args}"`;
  const a = Number(m[1]);
  const b = Number(m[3]);
  const v = m[2] === '+' ? a + b : m[2] === '-' ? a - b : m[2] === '*' ? a * b : b === 0 ? Number.NaN : a / b;
  if (!Number.isFinite(v)) return 'error: division by zero';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export default defineSuite({
  name: 'agent',
  description: 'A calculator tool loop on the simulator: several metered model calls per task.',
  dataset: '../datasets/agent.jsonl',
  prompts: [{ id: 'tool-loop', system: PROTOCOL, user: '{{question}}' }],
  models: ['sim:sim-frontier', 'sim:sim-mid', 'sim:sim-budget'],
  params: { temperature: 0, maxTokens: 64 },
  scorers: [
    {
      type: 'custom',
      name: 'exact-number',
      fn: ({ output, input }) => {
        const ok = Number(output) === Number(input.expected);
        return {
          pass: ok,
          reason: ok ? 'the right number' : `expected ${String(input.expected)}, got ${output}`,
        };
      },
    },
  ],
  task: async ({ input, prompt, model }) => {
    const messages: Message[] = [
      { role: 'system', content: prompt.system ?? PROTOCOL },
      { role: 'user', content: String(input.question) },
    ];
    for (let i = 0; i < MAX_CALLS; i++) {
      const { text } = await model.chat(messages);
      const call = /CALL\s+calc\(([^)]*)\)/.exec(text);
      if (!call) return (/ANSWER:\s*(.+)/.exec(text)?.[1] ?? text).trim();
      messages.push(
        { role: 'assistant', content: text },
        { role: 'user', content: `RESULT ${calc(call[1]!)}` },
      );
    }
    throw new Error(`no answer after ${MAX_CALLS} model calls`);
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
    selfHost: { gpuUsdPerHour: 3.0, tokensPerSecond: 2500 },
  },
});
