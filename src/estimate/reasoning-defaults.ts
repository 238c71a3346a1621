/**
 * Hidden reasoning tokens per call that `estimate` plans for a reasoning model when the cache holds
 * no history of it. Reasoning is billed as output but never shows in the answer, so an estimate
 * from the reference answer's length alone would understate the cost. With cached history the
 * measured mean replaces these figures (the cache keeps usage, reasoning included).
 *
 * These are planning figures for short eval tasks at the provider's default effort, not
 * measurements; each row says where its figure comes from. Every figure is capped at the model's
 * `maxTokens` (the providers count reasoning inside the output cap), so the worst case stays a
 * true upper bound. Docs: docs/spend-control.md, "Reasoning tokens".
 */
import type { ResolvedModel } from '../config/resolved.ts';

export interface ReasoningDefault {
  /** Who it applies to, for the estimate's note. */
  family: string;
  /** Planned reasoning tokens per call. */
  tokens: number;
  /** Where the figure comes from. */
  source: string;
}

/** The figure every OpenAI-style reasoner starts from. */
const OPENAI_TOKENS = 2048;

/** Rows matched on the provider's model name, first match wins. */
const BY_NAME: ReadonlyArray<{ pattern: RegExp } & ReasoningDefault> = [
  {
    pattern: /(^|\/)o[134](-|$)/,
    family: 'OpenAI o-series',
    tokens: OPENAI_TOKENS,
    // OpenAI's reasoning guide: a few hundred to tens of thousands of reasoning tokens per request,
    // depending on the problem; 2,048 is tollgate's figure for a short eval task at medium effort
    source:
      "OpenAI's reasoning guide (hundreds to tens of thousands per request); 2,048 at the default effort",
  },
  {
    // gpt-5-chat is the non-reasoning variant
    pattern: /(^|\/)gpt-5(?!-chat)/,
    family: 'GPT-5 family',
    tokens: OPENAI_TOKENS,
    source: 'reasons like the o-series (OpenAI reasoning guide); the o-series figure at the default effort',
  },
  {
    pattern: /deepseek-(reasoner|r1)/,
    family: 'DeepSeek reasoner',
    tokens: 2 * OPENAI_TOKENS,
    // Nous Research, "Measuring Thinking Efficiency in Reasoning Models" (2025): open-weight
    // reasoners spend 1.5-4x the tokens of OpenAI's on the same tasks
    source:
      "open-weight reasoners use 1.5-4x OpenAI's reasoning tokens (Nous Research, 2025); twice the o-series figure",
  },
  {
    pattern: /gemini-2\.5-pro/,
    family: 'Gemini 2.5 Pro',
    tokens: OPENAI_TOKENS,
    // Google's Gemini thinking docs: 2.5 Pro always thinks, with a dynamic budget by default
    source: "always thinks, dynamic budget by default (Google's Gemini thinking docs); the o-series figure",
  },
  {
    // Flash-Lite does not think unless asked
    pattern: /gemini-2\.5-flash(?!-lite)/,
    family: 'Gemini 2.5 Flash',
    tokens: OPENAI_TOKENS / 2,
    source: "thinks by default, dynamic budget (Google's Gemini thinking docs); half the Pro figure",
  },
];

/** Anthropic's smallest extended-thinking budget (`budget_tokens` must be at least 1,024). */
const CLAUDE_MIN_BUDGET = 1024;

/**
 * The planned reasoning tokens per call for a model, or null for a model that does not reason.
 * Claude reasons only with extended thinking on (a `thinking` param): its budget when the param
 * gives one, else Anthropic's minimum budget.
 *
 * @example reasoningDefault({ model: 'o4-mini', provider: 'openai', params })?.tokens // 2048
 */
export function reasoningDefault(
  model: Pick<ResolvedModel, 'model' | 'provider' | 'params'>,
): ReasoningDefault | null {
  const name = model.model.toLowerCase();
  const row = BY_NAME.find((r) => r.pattern.test(name));
  if (row) return { family: row.family, tokens: row.tokens, source: row.source };
  if (!/claude/.test(name)) return null;
  const budget = thinkingBudget((model.params as unknown as Record<string, unknown>).thinking);
  if (budget === null) return null;
  return {
    family: 'Claude with extended thinking',
    tokens: budget,
    source:
      budget === CLAUDE_MIN_BUDGET
        ? "Anthropic's minimum thinking budget (1,024 tokens)"
        : 'the thinking budget the suite sets (Claude may use less)',
  };
}

/** The thinking budget a `thinking` param asks for, the minimum when it names none, null when off. */
function thinkingBudget(v: unknown): number | null {
  if (v === undefined || v === null || v === false || v === 'disabled') return null;
  if (typeof v === 'number') return v > 0 ? v : null;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.type === 'disabled' || o.enabled === false) return null;
    const n = o.budgetTokens ?? o.budget_tokens ?? o.budget;
    if (typeof n === 'number' && n > 0) return n;
  }
  return CLAUDE_MIN_BUDGET;
}
