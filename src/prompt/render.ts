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

/** A plain template: text and the names of the fields put between it. */
type PlainPart = string | { field: string };
const plain = new Map<string, PlainPart[] | null>();

/**
 * The template as text and field names, when it is only that: text, comments and plain
 * `{{name}}` / `{{{name}}}` variables (no blocks, paths, helpers, partials or whitespace control),
 * and no name that Handlebars would read as a helper or find on Object.prototype. Null otherwise.
 * Such a template renders exactly as Handlebars renders it (strict, not escaped) without
 * Handlebars' per-call set-up, which costs more than the rendering; a test checks the two agree.
 */
function plainTemplate(source: string): PlainPart[] | null {
  let parts = plain.get(source);
  if (parts === undefined) {
    parts = [];
    for (const node of hbs.parse(source).body) {
      if (node.type === 'CommentStatement') continue;
      if (node.type === 'ContentStatement') {
        parts.push((node as unknown as { value: string }).value);
        continue;
      }
      const m = node as unknown as {
        type: string;
        path: { type: string; data?: boolean; depth?: number; parts?: string[]; original?: string };
        params: unknown[];
        hash?: unknown;
        strip?: { open: boolean; close: boolean };
      };
      const name = m.path?.parts?.length === 1 ? m.path.parts[0]! : null;
      const simple =
        m.type === 'MustacheStatement' &&
        m.path.type === 'PathExpression' &&
        !m.path.data &&
        m.path.depth === 0 &&
        name !== null &&
        m.path.original === name &&
        m.params.length === 0 &&
        !m.hash &&
        !m.strip?.open &&
        !m.strip?.close &&
        !Object.hasOwn(hbs.helpers, name) &&
        !(name in Object.prototype);
      if (!simple) {
        parts = null;
        break;
      }
      parts.push({ field: name });
    }
    plain.set(source, parts);
  }
  return parts;
}

/**
 * A plain template with a case's own fields, or null to leave it to Handlebars (not plain, or a
 * name missing or only inherited, where Handlebars' own error or warning is wanted).
 */
function renderPlain(parts: PlainPart[] | null, fields: Record<string, unknown>): string | null {
  if (!parts) return null;
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (!Object.hasOwn(fields, part.field)) return null;
    // as Handlebars writes a value: null and undefined are empty, anything else as `+` makes it
    else out += (fields[part.field] ?? '') as string;
  }
  return out;
}

/**
 * True when whether the prompt renders for a case depends only on which fields the case has, not
 * on their values: every template is plain (text and `{{name}}` variables). Loading a suite then
 * renders one case per distinct set of field names instead of every case.
 */
export function rendersOnFieldNamesAlone(prompt: PromptConfig): boolean {
  return promptSources(prompt).every((source) => plainTemplate(source) !== null);
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
    return renderPlain(plainTemplate(source), fields) ?? compileTemplate(source)(fields);
  } catch (err) {
    const msg = (err as Error).message;
    const missing = /"([^"]+)" not defined/.exec(msg)?.[1];
    if (missing) throw new MissingVariable(missing, caseId, promptId, index, Object.keys(fields));
    throw new UserError(
      `Expected a valid Handlebars template in prompt "${promptId}" (message ${index}), got: ${msg.split('\n')[0]}. Fix: check the {{ }} syntax.`,
    );
  }
}
