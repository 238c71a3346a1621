/**
 * The simulator as a tool-using agent, for multi-call tasks (suites/agent.ts). It is deterministic:
 * when the system prompt describes the calculator protocol (`CALL calc(A OP B)`, answered by a user
 * message `RESULT V`), the sim works through the arithmetic expression in the first user message
 * one operation at a time. Each reply is either the next tool call, built from the numbers in the
 * question and the results already in the conversation, or the final `ANSWER: V`.
 *
 * With native tool calls (src/providers/sim/tools.ts) the same agent calls a calculator tool instead.
 *
 * A model errs on a deterministic `errorRate` share of questions, in one of two ways a real agent
 * does: it stops using the tool part-way and guesses the answer (fewer calls, wrong), or it copies
 * an operand wrongly into one call (same calls, wrong).
 */
import { hash01, type SimMessage, type SimModel } from './sim-model.ts';

/** What in a system prompt switches the sim into agent mode. */
export const TOOL_PROTOCOL = /CALL calc\(/;

type Operand = { num: number } | { step: number };
interface Step {
  op: string;
  left: Operand;
  right: Operand;
}

/** The agent's next message for this conversation, in the text protocol. */
export function agentReply(modelName: string, model: SimModel, messages: SimMessage[]): string {
  const turns = messages.filter((m) => m.role !== 'system');
  const question = turns.find((m) => m.role === 'user')?.content ?? '';
  const results = turns
    .filter((m) => m.role === 'user')
    .slice(1)
    .map((m) => /RESULT\s+(-?\d+(?:\.\d+)?)/.exec(m.content)?.[1])
    .filter((v): v is string => v !== undefined);
  const step = agentStep(modelName, model, question, results);
  if (step === null) return "ANSWER: I can't find a calculation in the question.";
  return 'call' in step ? `CALL calc(${step.call})` : `ANSWER: ${step.answer}`;
}

/** The agent's next move: an operation to hand the calculator (`A OP B`), or the final answer. */
export type AgentStep = { call: string } | { answer: string };

/**
 * The agent's next move on `question`, given the calculator's results so far (in order); null when
 * the question holds no calculation. Both the text protocol and native tool calls use it.
 */
export function agentStep(
  modelName: string,
  model: SimModel,
  question: string,
  results: string[],
): AgentStep | null {
  const expr = findExpression(question);
  if (expr === null) return null;
  const { steps, value } = plan(expr);
  const wrong = hash01(`${modelName}|agent|${question}`) < model.errorRate;
  const how = hash01(`agent-how|${modelName}|${question}`);
  const at = Math.floor(hash01(`agent-at|${modelName}|${question}`) * Math.max(1, steps.length));

  if (steps.length === 0) return { answer: format(value) };
  const k = results.length;
  if (wrong && how < 0.5 && k === at) {
    // gives up on the tool and guesses: close to the truth, but not it
    const off = 1 + Math.floor(hash01(`agent-off|${modelName}|${question}`) * 9);
    return { answer: format(value + (how < 0.25 ? off : -off)) };
  }
  if (k >= steps.length) return { answer: results[results.length - 1]! };
  const step = steps[k]!;
  const operand = (o: Operand) => ('num' in o ? format(o.num) : (results[o.step] ?? '0'));
  let left = operand(step.left);
  if (wrong && how >= 0.5 && k === at) left = format(Number(left) + 1); // a slip of the pen
  return { call: `${left} ${step.op} ${operand(step.right)}` };
}

/** The longest run of the question that looks like an arithmetic expression with an operator. */
function findExpression(text: string): string | null {
  const runs = text.match(/[\d(][\d\s+\-*/×÷().]*[\d)]/g) ?? [];
  const withOp = runs.filter((r) => /\d\s*[-+*/×÷]\s*[\d(]/.test(r));
  return withOp.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** Parses the expression and lists its operations in the order a careful agent does them. */
function plan(expr: string): { steps: Step[]; value: number } {
  const tokens = expr.match(/\d+(?:\.\d+)?|[-+*/×÷()]/g) ?? [];
  let i = 0;
  const steps: Step[] = [];
  const values: number[] = [];
  const val = (o: Operand) => ('num' in o ? o.num : values[o.step]!);
  const emit = (op: string, left: Operand, right: Operand): Operand => {
    const a = val(left);
    const b = val(right);
    values.push(op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b);
    steps.push({ op, left, right });
    return { step: steps.length - 1 };
  };
  const atom = (): Operand => {
    const t = tokens[i++];
    if (t === '(') {
      const inner = sum();
      i++; // ')'
      return inner;
    }
    return { num: Number(t ?? 0) };
  };
  const product = (): Operand => {
    let left = atom();
    while (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '×' || tokens[i] === '÷') {
      const op = tokens[i++] === '/' || tokens[i - 1] === '÷' ? '/' : '*';
      left = emit(op, left, atom());
    }
    return left;
  };
  const sum = (): Operand => {
    let left = product();
    while (tokens[i] === '+' || tokens[i] === '-') {
      const op = tokens[i++]!;
      left = emit(op, left, product());
    }
    return left;
  };
  const root = sum();
  return { steps, value: val(root) };
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}
