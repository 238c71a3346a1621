import Handlebars from 'handlebars';
import type { Message, PromptConfig } from '../config/schema.ts';
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
    t = hbs.compile(source, { strict: true, noEscape: true });
    compiled.set(source, t);
  }
  return t;
}

/** The messages a prompt variant makes for one case. */
export function renderPrompt(prompt: PromptConfig, fields: Record<string, unknown>, caseId: string): Message[] {
  const parts: Message[] = prompt.messages
    ? prompt.messages
    : [
        ...(prompt.system !== undefined ? [{ role: 'system' as const, content: prompt.system }] : []),
        { role: 'user' as const, content: prompt.user ?? '' },
      ];
  return parts.map((m, i) => ({ role: m.role, content: renderOne(m.content, fields, prompt.id, caseId, i) }));
}

function renderOne(source: string, fields: Record<string, unknown>, promptId: string, caseId: string, index: number): string {
  try {
    return compileTemplate(source)(fields);
  } catch (err) {
    const msg = (err as Error).message;
    const missing = /"([^"]+)" not defined/.exec(msg)?.[1];
    if (missing) {
      throw new UserError(
        `Expected case "${caseId}" to have the field "${missing}" used by prompt "${promptId}" (message ${index}), got no such field. Fix: add "${missing}" to every case in the dataset, or remove {{${missing}}} from the prompt. Fields present: ${Object.keys(fields).join(', ') || 'none'}.`,
      );
    }
    throw new UserError(
      `Expected a valid Handlebars template in prompt "${promptId}" (message ${index}), got: ${msg.split('\n')[0]}. Fix: check the {{ }} syntax.`,
    );
  }
}
