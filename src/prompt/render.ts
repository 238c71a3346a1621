import { createRequire } from 'node:module';
import type HandlebarsNamespace from 'handlebars';
import { UserError } from '../errors.ts';
import { nearest } from '../issues/nearest.ts';
import type { Message } from './message-schema.ts';
import type { PromptConfig } from './prompt-schema.ts';

/**
 * Handlebars (CommonJS, ~45 ms to load with its compiler), required the first time a template is
 * not plain: a suite whose prompts are text and `{{name}}` variables never loads it.
 */
let instance: typeof HandlebarsNamespace | undefined;
function hbs(): typeof HandlebarsNamespace {
  instance ??= (createRequire(import.meta.url)('handlebars') as typeof HandlebarsNamespace).create();
  return instance;
}
/** The Handlebars options every template is compiled with: strict, and values not HTML-escaped. */
export const PROMPT_TEMPLATE_OPTIONS = { strict: true, noEscape: true } as const;
type Template = (ctx: Record<string, unknown>) => string;

/** A plain template: text and the names of the fields put between it. */
type PlainPart = string | { field: string };

interface Parsed {
  /** The template as text and field names when it is plain, else null. */
  plain: PlainPart[] | null;
  render: Template;
}
const parsed = new Map<string, Parsed>();

/**
 * Compiles a template once (prompts and judge rubrics alike). Strict: a missing variable throws.
 * No HTML escaping, so `'` and `<` reach the model as they are. Values are inserted as text and
 * never compiled as templates. A plain template (see plainParts) is rendered from its parts
 * without Handlebars' per-call set-up, which costs more than the rendering.
 * @throws Handlebars' parse error for a template that does not parse (at once, not on first use)
 */
export function compileTemplate(source: string): Template {
  return parse(source).render;
}

function parse(source: string): Parsed {
  let t = parsed.get(source);
  if (!t) {
    const quick = scannedPlainParts(source);
    if (quick) {
      // Handlebars only for a case without a field, to word the error as it does
      let full: Template | undefined;
      const fallback = (ctx: Record<string, unknown>) => {
        full ??= hbs().compile(source, PROMPT_TEMPLATE_OPTIONS) as Template;
        return full(ctx);
      };
      t = { plain: quick, render: (ctx) => renderPlain(quick, ctx) ?? fallback(ctx) };
    } else {
      const ast = hbs().parse(source);
      const plain = plainParts(ast);
      // compile() is lazy: the parse above is what surfaces a syntax error when the suite loads
      const full = hbs().compile(ast, PROMPT_TEMPLATE_OPTIONS) as Template;
      t = { plain, render: plain ? (ctx) => renderPlain(plain, ctx) ?? full(ctx) : full };
    }
    parsed.set(source, t);
  }
  return t;
}

/** `{{name}}` or `{{{name}}}`, spaces allowed inside, with a name of letters, digits and `_`. */
const PLAIN_MUSTACHE = /\{\{(\{?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\}?)\}\}/g;
/**
 * Names Handlebars reads as something other than a field: its helpers (a test checks every default
 * one is here), literals and keywords.
 */
const NOT_FIELDS = new Set([
  ...['blockHelperMissing', 'each', 'helperMissing', 'if', 'unless', 'log', 'lookup', 'with'],
  ...['true', 'false', 'null', 'undefined', 'this', 'else'],
]);

/**
 * The plain parts of a template found by a scan, without Handlebars: each `{{` in it must open a
 * `{{name}}` or `{{{name}}}` with a name that is only a field. Null when anything else is there (an
 * escaped `\\{{`, a comment, a block, a path, `{{{{`): Handlebars' own parse then decides.
 */
function scannedPlainParts(source: string): PlainPart[] | null {
  if (source.includes('\\{{')) return null;
  const parts: PlainPart[] = [];
  let last = 0;
  for (const m of source.matchAll(PLAIN_MUSTACHE)) {
    const name = m[2]!;
    if (source.indexOf('{{', last) !== m.index || m[1] !== m[3] || !isPlainField(name)) return null;
    if (m.index > last) parts.push(source.slice(last, m.index));
    parts.push({ field: name });
    last = m.index + m[0].length;
  }
  if (source.indexOf('{{', last) !== -1) return null;
  if (last < source.length) parts.push(source.slice(last));
  return parts;
}

function isPlainField(name: string): boolean {
  return !NOT_FIELDS.has(name) && !(name in Object.prototype);
}

/**
 * The template as text and field names, when it is only that: text, comments and plain
 * `{{name}}` / `{{{name}}}` variables (no blocks, paths, helpers, partials or whitespace control),
 * and no name that Handlebars would read as a helper or find on Object.prototype. Null otherwise.
 * Such a template renders as Handlebars renders it (strict, not escaped), but for one thing: each
 * value goes in as text, where Handlebars' compiled code adds adjacent ones (`{{a}}{{b}}` with 1
 * and 2 gives "3"). A test checks the two agree on arbitrary templates and cases.
 */
function plainParts(ast: ReturnType<typeof HandlebarsNamespace.parse>): PlainPart[] | null {
  const parts: PlainPart[] = [];
  for (const node of ast.body) {
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
      !Object.hasOwn(hbs().helpers, name) &&
      !(name in Object.prototype);
    if (!simple) return null;
    parts.push({ field: name });
  }
  return parts;
}

/**
 * A plain template with a case's own fields, or null to leave it to Handlebars (a name missing or
 * only inherited, where Handlebars' own error or warning is wanted).
 */
function renderPlain(parts: PlainPart[], fields: Record<string, unknown>): string | null {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (!Object.hasOwn(fields, part.field)) return null;
    // null and undefined are empty, as in Handlebars; anything else goes in as text
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
  return promptSources(prompt).every((source) => parse(source).plain !== null);
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
