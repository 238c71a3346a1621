import type { CaseRow } from '../dataset/case-row.ts';
import type { ConfigIssue } from '../errors.ts';
import { nearest } from '../issues/nearest.ts';
import { compileTemplate, promptSources } from '../prompt/render.ts';
import type { ScorerConfig } from '../scorers/scorer-schema.ts';
import type { PromptConfig, SuiteConfig } from './schema.ts';

/** What the check reads of a suite being loaded (src/config/suite-checks.ts's CheckedSuite). */
interface SuiteParts {
  config: Partial<SuiteConfig>;
  cases: CaseRow[];
  prompts: PromptConfig[];
  at: (path: Array<string | number>) => { file: string; path: string; line: number | null };
}

/** A dataset field one scorer reads, and where the suite says so. */
interface Reference {
  /** The field's name in each case. */
  field: string;
  /** The suite path that names it: `scorers.1.field`, or `scorers.1` for the default field. */
  path: Array<string | number>;
  /** How the scorer comes to read it, for the message. */
  how: string;
}

/** The reference field a text scorer reads: `field`, or `expected` by default. None for a fixed-pattern regex. */
function fieldReference(s: ScorerConfig, i: number): Reference | null {
  if (s.type !== 'equals' && s.type !== 'includes' && s.type !== 'numeric' && s.type !== 'regex') return null;
  if (s.type === 'regex' && s.pattern !== undefined) return null;
  if (s.field !== undefined)
    return { field: s.field, path: ['scorers', i, 'field'], how: `\`field: ${s.field}\`` };
  return { field: 'expected', path: ['scorers', i], how: 'its default `field: expected`' };
}

/** The first case whose fields the judge rubric cannot render with (strict: a missing variable throws). */
function firstRubricGap(rubric: string, cases: CaseRow[]): { variable: string; caseId: string } | null {
  let render: ReturnType<typeof compileTemplate>;
  try {
    render = compileTemplate(rubric);
  } catch {
    return null; // a rubric that does not parse fails when the judge is first called
  }
  for (const c of cases) {
    try {
      render({ ...c.fields, output: '' });
    } catch (err) {
      const variable = /"([^"]+)" not defined/.exec((err as Error).message)?.[1];
      if (variable) return { variable, caseId: c.id };
      return null;
    }
  }
  return null;
}

/** Every field name of the dataset, in the order first seen. */
export function datasetColumns(cases: CaseRow[]): string[] {
  const seen = new Set<string>();
  for (const c of cases) for (const k of Object.keys(c.fields)) seen.add(k);
  return [...seen];
}

/**
 * The column a misnamed reference most likely meant: the nearest name, else the one column that
 * neither a prompt template nor the id uses (a dataset of `question, answer` with `{{question}}`).
 */
export function likelyColumn(
  field: string,
  columns: string[],
  prompts: PromptConfig[],
  idField: string,
): string | null {
  const near = nearest(field, columns);
  if (near) return near;
  const sources = prompts.flatMap((p) => promptSources(p));
  const unused = columns.filter(
    (col) =>
      col !== idField &&
      !sources.some((s) =>
        new RegExp(`\\{\\{[^}]*\\b${col.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(s),
      ),
  );
  return unused.length === 1 ? unused[0]! : null;
}

/**
 * Every field a scorer reads exists in every case: a text scorer's reference `field` (default
 * `expected`) and every variable of a judge's rubric. A missing reference would otherwise compare
 * with nothing, and `includes` or `regex` would pass every case.
 */
export function scorerReferenceIssues({ config, cases, prompts, at }: SuiteParts): ConfigIssue[] {
  if (cases.length === 0) return [];
  const columns = datasetColumns(cases);
  const idField = config.idField ?? 'id';
  const issues: ConfigIssue[] = [];
  (config.scorers ?? []).forEach((s, i) => {
    const ref = fieldReference(s, i);
    const without = ref ? cases.find((c) => !Object.hasOwn(c.fields, ref.field)) : undefined;
    if (ref && without) {
      const near = likelyColumn(ref.field, columns, prompts, idField);
      issues.push({
        ...at(ref.path),
        expected: `every case to have the field "${ref.field}", read by scorer ${i} (${s.type}, ${ref.how})`,
        got: `case "${without.id}" without it (the dataset's columns: ${columns.join(', ') || 'none'})`,
        fix: `${near ? `did you mean \`field: ${near}\`? ` : ''}set \`field:\` to the column holding the reference, or add "${ref.field}" to every case.`,
      });
    }
    if (s.type !== 'llmJudge') return;
    const gap = firstRubricGap(s.rubric, cases);
    if (!gap) return;
    const near = likelyColumn(gap.variable, columns, prompts, idField);
    issues.push({
      ...at(['scorers', i, 'rubric']),
      expected: `every case to have the field "${gap.variable}", read by the rubric of scorer ${i} (llmJudge)`,
      got: `case "${gap.caseId}" without it (the dataset's columns: ${columns.join(', ') || 'none'}, and {{output}})`,
      fix: `${near ? `did you mean {{${near}}}? ` : ''}add "${gap.variable}" to every case, or change the rubric.`,
    });
  });
  return issues;
}
