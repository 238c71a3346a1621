import Handlebars from 'handlebars';
import type { Message, PromptConfig } from '../config/schema.ts';
import { nearest } from '../config/zod-issues.ts';
import { UserError } from '../errors.ts';

const hbs = Handlebars.create();
type Template = (ctx: unknown) => string;
const compiled = new Map<string, Template>();

/**
 * Compiles a prompt template once. Strict: a missing variable throws. No HTML escaping, so `'` and
 * `<` reach the model as they are. Values are inserted as text and never compiled as templates.
 */
export function compileTemplate(source: string): Template {
  let t = compiled.get(source);
  if (!t) {
    // compile() is lazy; parse now so a syntax error surfaces when the suite loads
    hbs.parse(source);
    t = hbs.compile(source, { strict: true, noEscape: true });
    compiled.set(source, t);
  }
  return t;
}

/**
 * True when whether the prompt renders for a case depends only on which fields the case has, not
 * on their values: every template is text and plain `{{name}}` variables (no blocks, helpers,
 * paths or partials). Loading a suite then renders one case per distinct set of field names
 * instead of every case.
 */
export function rendersOnFieldNamesAlone(prompt: PromptConfig): boolean {
  return promptSources(prompt).every((source) =>
    hbs.parse(source).body.every((node) => {
      if (node.type === 'ContentStatement' || node.type === 'CommentStatement') return true;
      if (node.type !== 'MustacheStatement') return false;
      const m = node as unknown as {
        path: { type: string; data?: boolean; depth?: number; parts?: string[] };
        params: unknown[];
        hash?: unknown;
      };
      const path = m.path;
      return (
        path.type === 'PathExpression' &&
        !path.data &&
        path.depth === 0 &&
        path.parts?.length === 1 &&
        m.params.length === 0 &&
        !m.hash
      );
    }),
  );
}

/** The message templates of a prompt variant, in order. */
export function promptSources(prompt: PromptConfig): string[] {
  return promptMessages(prompt).map((m) => m.content);
}

function promptMessages(prompt: PromptConfig): Message[] {
  return prompt.messages
    ? prompt.messages
    : [
        ...(prompt.system !== undefined ? [{ role: 'system' as const, content: prompt.system }] : []),
        { role: 'user' as const, content: prompt.user ?? '' },
      ];
}

/** A template names a variable the case does not have. */
export class MissingVariable extends UserError {
  override name = 'MissingVariable';
  constructor(
    readonly variable: string,
    readonly caseId: string,
    readonly promptId: string,
    readonly messageIndex: number,
    readonly present: string[],
  ) {
    const near = nearest(variable, present);
    super(
      `Expected the field "${variable}" (used by prompt "${promptId}") in case "${caseId}", got no such field (the case has ${present.join(', ') || 'no fields'}). Fix: ${near ? `did you mean {{${near}}}? ` : ''}add "${variable}" to every case, or change the template.`,
    );
  }
}

/** The messages a prompt variant makes for one case. */
export function renderPrompt(
  prompt: PromptConfig,
  fields: Record<string, unknown>,
  caseId: string,
): Message[] {
  return promptMessages(prompt).map((m, i) => ({
    role: m.role,
    content: renderOne(m.content, fields, prompt.id, caseId, i),
  }));
}

function renderOne(
  source: string,
  fields: Record<string, unknown>,
  promptId: string,
  caseId: string,
  index: number,
): string {
  try {
    return compileTemplate(source)(fields);
  } catch (err) {
    const msg = (err as Error).message;
    const missing = /"([^"]+)" not defined/.exec(msg)?.[1];
    if (missing) throw new MissingVariable(missing, caseId, promptId, index, Object.keys(fields));
    throw new UserError(
      `Expected a valid Handlebars template in prompt "${promptId}" (message ${index}), got: ${msg.split('\n')[0]}. Fix: check the {{ }} syntax.`,
    );
  }
}
