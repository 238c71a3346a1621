import type { Tokenizer } from '../../pricing/tokenizer.ts';
import { agentReply, TOOL_PROTOCOL } from './agent.ts';
import { hash01, type SimMessage, type SimModel } from './sim-model.ts';

/**
 * The simulator's "models": deterministic solvers for the kinds of task the demo and tests use
 * (arithmetic, sentiment, extraction, JSON output), with a per-tier error rate. A wrong answer is a
 * plausible one (off by a little, the wrong label), so scorers see realistic failures.
 */

export const SIM_MODELS: Record<string, SimModel> = {
  'sim-frontier': { errorRate: 0.03, cotFactor: 0.5, jsonSloppiness: 0.01, latencyMs: 30 },
  'sim-mid': { errorRate: 0.1, cotFactor: 0.4, jsonSloppiness: 0.05, latencyMs: 16 },
  'sim-budget': { errorRate: 0.3, cotFactor: 0.6, jsonSloppiness: 0.2, latencyMs: 10 },
};

export interface SimAnswer {
  text: string;
  promptTokens: number;
  /** Prompt tokens of the system prefix, eligible for caching. */
  systemTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Native tool calls (src/providers/sim/tools.ts). @default none */
  toolCalls?: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
}

/** Chat-format token count: content plus a few tokens of framing per message, as OpenAI bills. */
export function countPromptTokens(messages: SimMessage[], tokenizer: Tokenizer): number {
  let n = 3;
  for (const m of messages) n += 4 + tokenizer.count(m.content);
  return n;
}

export function answer(
  modelName: string,
  model: SimModel,
  messages: SimMessage[],
  maxTokens: number,
  tokenizer: Tokenizer,
): SimAnswer {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');
  const user = messages
    .filter((m) => m.role !== 'system')
    .map((m) => m.content)
    .join('\n');
  if (JUDGE_PROMPT.test(system))
    return finish(judgeVerdict(modelName, model, user), messages, system, maxTokens, tokenizer);
  if (TOOL_PROTOCOL.test(system))
    return finish(agentReply(modelName, model, messages), messages, system, maxTokens, tokenizer);
  const all = `${system}\n${user}`;
  const cot = /step by step|think/i.test(all);
  const wantsJson = /\bJSON\b/.test(all);
  const err = model.errorRate * (cot ? model.cotFactor : 1);
  const wrong = hash01(`${modelName}|${user}`) < err;
  const solved = solve(user, wrong, hash01(`alt|${modelName}|${user}`));

  let text: string;
  if (wantsJson) {
    const obj = solved.json ?? { answer: solved.answer };
    text = JSON.stringify(obj);
    if (hash01(`json|${modelName}|${user}`) < model.jsonSloppiness)
      text = `Here is the JSON you asked for:\n${text}`;
  } else if (cot) {
    text = `${solved.steps}\nAnswer: ${solved.answer}`;
  } else {
    text = solved.answer;
  }
  return finish(text, messages, system, maxTokens, tokenizer);
}

/** Truncates at maxTokens like a real model and counts the usage. */
function finish(
  full: string,
  messages: SimMessage[],
  system: string,
  maxTokens: number,
  tokenizer: Tokenizer,
): SimAnswer {
  const countTokens = tokenizer.count;
  let text = full;
  let outputTokens = countTokens(text) + 1;
  if (outputTokens > maxTokens) {
    // truncated like a real model at max_tokens; the tail is lost
    const words = text.split(' ');
    while (words.length > 1 && countTokens(words.join(' ')) + 1 > maxTokens) words.pop();
    text = words.join(' ');
    outputTokens = maxTokens;
  }
  const promptTokens = countPromptTokens(messages, tokenizer);
  const systemTokens = system ? countTokens(system) + 4 : 0;
  return { text, promptTokens, systemTokens, outputTokens, reasoningTokens: 0 };
}

/** A judge's system prompt (JUDGE_SYSTEM in src/scorers/llm-judge.ts says "You are a strict evaluator"). */
const JUDGE_PROMPT = /strict evaluator/i;

/** Put this in a rubric to get a malformed verdict from any sim judge (tests of verdict parsing). */
export const SIM_MALFORMED_VERDICT = '[sim:malformed-verdict]';

/**
 * The sim as a judge. The user message is `RUBRIC:\n…\n\nRESPONSE:\n…` (llmJudge's format). The
 * expected text is what the rubric names: the rest of a line `Expected: X` (also `Expected answer:`,
 * `Expected output:`), or else every phrase the rubric puts in double quotes. The verdict passes
 * when the response contains all of it, ignoring case; a rubric that names nothing fails. Then the
 * verdict is flipped for a deterministic `judgeErrorRate` share of (model, prompt) pairs, and a
 * `judgeMalformedRate` share (or any rubric containing SIM_MALFORMED_VERDICT) gets prose with a
 * truncated JSON object instead of a verdict. The answer is `{"pass", "score", "reason"}` JSON.
 */
export function judgeVerdict(modelName: string, model: SimModel, user: string): string {
  const cut = user.indexOf('\n\nRESPONSE:\n');
  const rubric = (cut === -1 ? user : user.slice(0, cut)).replace(/^RUBRIC:\n/, '');
  const response = cut === -1 ? '' : user.slice(cut + '\n\nRESPONSE:\n'.length);
  if (
    rubric.includes(SIM_MALFORMED_VERDICT) ||
    hash01(`judge-malformed|${modelName}|${user}`) < (model.judgeMalformedRate ?? 0)
  ) {
    return 'The response looks mostly right to me, though I would want more context. {"pass": tru';
  }
  const line = /^[ \t]*expected(?:[ \t]+(?:answer|output|text))?[ \t]*:[ \t]*(.+?)[ \t]*$/im.exec(
    rubric,
  )?.[1];
  const wanted =
    line !== undefined
      ? [line.replace(/^"(.*)"$/, '$1')]
      : [...rubric.matchAll(/"([^"\n]+)"/g)].map((m) => m[1]!);
  let pass: boolean;
  let score: number;
  let reason: string;
  if (wanted.length === 0) {
    pass = false;
    score = 0;
    reason = 'The rubric names no expected text to look for.';
  } else {
    const have = response.toLowerCase();
    const found = wanted.filter((w) => have.includes(w.toLowerCase()));
    pass = found.length === wanted.length;
    score = Math.round((found.length / wanted.length) * 100) / 100;
    const missing = wanted.filter((w) => !found.includes(w));
    reason = pass
      ? `The response contains the expected text ${wanted.map((w) => JSON.stringify(w)).join(', ')}.`
      : `The response does not contain ${missing.map((w) => JSON.stringify(w)).join(', ')}.`;
  }
  if (hash01(`judge|${modelName}|${user}`) < (model.judgeErrorRate ?? model.errorRate / 3)) {
    pass = !pass;
    score = 1 - score;
    reason = pass ? 'The response satisfies the rubric.' : 'The response does not satisfy the rubric.';
  }
  return JSON.stringify({ pass, score, reason });
}

interface Solved {
  answer: string;
  steps: string;
  json?: Record<string, unknown>;
}

const POSITIVE = [
  'love',
  'great',
  'excellent',
  'fantastic',
  'perfect',
  'happy',
  'amazing',
  'works',
  'recommend',
  'fast',
  'friendly',
  'best',
  'wonderful',
  'sturdy',
  'delighted',
];
const NEGATIVE = [
  'broke',
  'terrible',
  'awful',
  'refund',
  'slow',
  'worst',
  'disappointed',
  'never',
  'rude',
  'late',
  'broken',
  'waste',
  'useless',
  'cracked',
  'missing',
];
const LABELS = ['positive', 'negative', 'neutral'];

function solve(text: string, wrong: boolean, alt: number): Solved {
  const arith = /(-?\d+(?:\.\d+)?)\s*([-+*/×x÷])\s*(-?\d+(?:\.\d+)?)/.exec(text);
  if (/sentiment/i.test(text)) {
    const review = (/review:\s*([\s\S]*)/i.exec(text)?.[1] ?? text).toLowerCase();
    const pos = POSITIVE.filter((w) => review.includes(w)).length;
    const neg = NEGATIVE.filter((w) => review.includes(w)).length;
    let label = pos > neg ? 'positive' : neg > pos ? 'negative' : 'neutral';
    if (wrong) label = LABELS.filter((l) => l !== label)[alt < 0.5 ? 0 : 1]!;
    return {
      answer: label,
      steps: `The review has ${pos} positive and ${neg} negative cues.`,
      json: { sentiment: label },
    };
  }
  if (/email/i.test(text)) {
    const emails = text.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [];
    const name = /from\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)/.exec(text)?.[1] ?? null;
    let email = emails[0] ?? 'none';
    if (wrong) email = emails[1] ?? (email === 'none' ? 'unknown@example.com' : email.replace('@', '.at@'));
    return {
      answer: email,
      steps: `I found ${emails.length} email address(es) in the message.`,
      json: { name, email },
    };
  }
  if (arith) {
    const a = Number(arith[1]);
    const b = Number(arith[3]);
    const op = arith[2];
    let v = op === '+' ? a + b : op === '-' ? a - b : op === '/' || op === '÷' ? a / b : a * b;
    if (wrong) v += alt < 0.5 ? (alt < 0.25 ? 1 : -1) : Math.round((alt - 0.4) * 20) || 10;
    const answer = Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
    return {
      answer,
      steps: `First take ${a}, then apply ${op} with ${b}.`,
      json: { answer: Number(answer) },
    };
  }
  return { answer: "I'm not sure.", steps: 'The question is unclear to me.' };
}

export function simLatency(model: SimModel, outputTokens: number): number {
  return model.latencyMs + outputTokens * 0.1;
}
