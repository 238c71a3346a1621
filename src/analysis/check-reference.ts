/**
 * Whether a cascade's runtime check reads the reference answer. Production has no reference, so a
 * cascade whose check reads it is optimistic: its check is the grader itself, and it looks better
 * than any router could be. Such a cascade is shown, marked, and kept off the frontier. Pure.
 *
 * A check reads the reference when it is the verdict of a scorer that does:
 * - `equals`, `includes`, `numeric`: they compare the output with the reference column;
 * - `regex` without `pattern`: it reads the reference column as its pattern;
 * - `llmJudge` whose rubric names a reference column (`{{expected}}`, or the `field` of a scorer
 *   that reads one);
 * - `custom`: it is given every field of the case, the reference among them, and tollgate cannot
 *   tell whether it reads it.
 * A `regex` or `jsonSchema` check (defined on the cascade), a `jsonSchema` scorer and a judge whose
 * rubric names no reference column are reference-free.
 */
import type { CascadeConfig, ScorerConfig } from '../config/schema.ts';

/** The note an optimistic cascade carries, before its reason in parentheses. */
export const OPTIMISTIC_NOTE = 'optimistic: its check uses the reference';

type RuntimeCheck = CascadeConfig['escalateWhen'];

/** A scorer's name in the records: its `name`, else its type. */
export function scorerNameOf(s: ScorerConfig): string {
  return s.name ?? s.type;
}

/** The name of the scorer whose recorded verdict a check reads; null for a check run on the output alone. */
export function checkScorerName(check: RuntimeCheck): string | null {
  if (check.type === 'judge') return check.scorer ?? 'llmJudge';
  if (check.type === 'scorer') return check.scorer;
  return null;
}

/**
 * The optimistic note when the check reads the reference, e.g.
 * `optimistic: its check uses the reference (equals compares the output with "expected")`; null
 * when it does not (or names no scorer of the suite, which the suite checks report).
 *
 * @example referenceUse({ type: 'scorer', scorer: 'equals' }, [{ type: 'equals' }]) // 'optimistic: … (equals compares the output with "expected")'
 */
export function referenceUse(check: RuntimeCheck, scorers: readonly ScorerConfig[]): string | null {
  const name = checkScorerName(check);
  const scorer = name === null ? undefined : scorers.find((s) => scorerNameOf(s) === name);
  const why = scorer && readsReference(scorer, scorers);
  return why ? `${OPTIMISTIC_NOTE} (${why})` : null;
}

function readsReference(s: ScorerConfig, scorers: readonly ScorerConfig[]): string | null {
  const name = scorerNameOf(s);
  switch (s.type) {
    case 'equals':
    case 'includes':
    case 'numeric':
      return `${name} compares the output with "${s.field ?? 'expected'}"`;
    case 'regex':
      return s.pattern === undefined ? `${name} reads "${s.field ?? 'expected'}" as its pattern` : null;
    case 'jsonSchema':
      return null;
    case 'custom':
      return `${name} is given the case's fields, the reference among them`;
    case 'llmJudge': {
      const read = [...referenceFields(scorers, s)].find((f) => templateNames(s.rubric, f));
      return read === undefined ? null : `the rubric of ${name} reads "${read}"`;
    }
  }
}

/** The columns the suite treats as references: `expected`, and every reference scorer's `field`. */
function referenceFields(scorers: readonly ScorerConfig[], judge: ScorerConfig): Set<string> {
  const out = new Set(['expected']);
  for (const s of scorers) {
    const readsField =
      s.type === 'equals' ||
      s.type === 'includes' ||
      s.type === 'numeric' ||
      (s.type === 'regex' && !s.pattern);
    if (readsField && s.field) out.add(s.field);
  }
  if (judge.type === 'llmJudge' && judge.field) out.add(judge.field);
  return out;
}

/** Whether a Handlebars template names `field` inside a `{{ }}` (as a variable, path head or block argument). */
function templateNames(template: string, field: string): boolean {
  const name = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\{\\{[^}]*(?<![\\w.@/])${name}(?![\\w])[^}]*\\}\\}`).test(template);
}
