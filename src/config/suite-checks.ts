import { dirname, resolve } from 'node:path';
import type { CaseRow } from '../dataset/case-row.ts';
import { loadDataset, toCases } from '../dataset/load-dataset.ts';
import { ConfigError, type ConfigIssue } from '../errors.ts';
import { nearest } from '../issues/nearest.ts';
import {
  compileTemplate,
  MissingVariable,
  promptSources,
  renderPrompt,
  rendersOnFieldNamesAlone,
} from '../prompt/render.ts';
import { hostFieldsFit } from './host-fields.ts';
import { resolveModels } from './resolve-models.ts';
import type { Candidate, ResolvedModel } from './resolved.ts';
import type { PromptConfig, SuiteConfig } from './schema.ts';
import { scorerReferenceIssues } from './scorer-references.ts';

/** Where a field path is: the suite file, the dotted path and its line. */
export type At = (path: Array<string | number>) => { file: string; path: string; line: number | null };

/** A suite as far as it parsed, with what the checks need worked out once: cases, models, candidates. */
export interface CheckedSuite {
  config: Partial<SuiteConfig>;
  at: At;
  cases: CaseRow[];
  /** The exact bytes (or JSON of the inline rows) the cases were parsed from; the suite's hash covers them. */
  datasetText: string;
  datasetFile: string;
  /** Why the dataset did not load, or none. */
  datasetIssues: ConfigIssue[];
  prompts: PromptConfig[];
  models: ResolvedModel[];
  /** Why a model did not resolve (duplicate ids, no price, a param it cannot be sent), or none. */
  modelIssues: ConfigIssue[];
  /** Params left out or raised for a model (src/providers/sampling-params.ts). */
  modelWarnings: string[];
  candidates: Candidate[];
}

/** One check that needs more than the schema. */
export type SuiteCheck = (suite: CheckedSuite) => ConfigIssue[];

/** Loads the dataset and resolves the models and candidates of a suite that (partly) parsed. */
export async function prepareSuite(
  config: Partial<SuiteConfig>,
  file: string,
  lineOf: (p: Array<string | number>) => number | null,
  opts: { allowUnpriced?: boolean; now?: Date },
): Promise<CheckedSuite> {
  const at: At = (path) => ({ file, path: path.join('.'), line: lineOf(path) });
  const dataset = await readCases(config, file);
  const prompts = config.prompts ?? (config.task ? [{ id: 'task' }] : []);
  const {
    models,
    issues: modelIssues,
    warnings: modelWarnings,
  } = resolveModels({ ...config, models: config.models ?? [] } as SuiteConfig, at, opts);
  const candidates = models.flatMap((m) =>
    prompts.map((p) => ({ id: `${m.id}/${p.id}`, model: m, prompt: p })),
  );
  return { config, at, ...dataset, prompts, models, modelIssues, modelWarnings, candidates };
}

/** The dataset's cases, from its file (relative to the suite) or inline rows. */
async function readCases(
  config: Partial<SuiteConfig>,
  file: string,
): Promise<Pick<CheckedSuite, 'cases' | 'datasetText' | 'datasetFile' | 'datasetIssues'>> {
  try {
    if (typeof config.dataset === 'string') {
      const datasetFile = resolve(dirname(file), config.dataset);
      // the suite's hash covers the very bytes the cases were parsed from
      const { cases, text } = await loadDataset(datasetFile, config.idField);
      return { cases, datasetText: text, datasetFile, datasetIssues: [] };
    }
    const cases = toCases(
      config.dataset!.map((row, i) => ({ row, line: null, i })),
      `${file} (dataset)`,
      config.idField,
    );
    return { cases, datasetText: JSON.stringify(config.dataset), datasetFile: file, datasetIssues: [] };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { cases: [], datasetText: '', datasetFile: file, datasetIssues: err.issues };
  }
}

/** The dataset loads: it exists, parses, and its case ids are distinct. */
export const datasetLoads: SuiteCheck = (s) => s.datasetIssues;

/** There is a prompt, prompt ids are unique, and every template parses. */
export const promptsParse: SuiteCheck = ({ prompts, at }) => {
  const issues: ConfigIssue[] = [];
  if (prompts.length === 0) {
    issues.push({
      ...at(['prompts']),
      expected: 'at least one prompt variant',
      got: 'no `prompts`',
      fix: 'add `prompts: [{ id: default, user: "{{question}}" }]`.',
    });
  }
  const seen = new Set<string>();
  prompts.forEach((p, i) => {
    if (seen.has(p.id))
      issues.push({
        ...at(['prompts', i, 'id']),
        expected: 'unique prompt ids',
        got: `"${p.id}" twice`,
        fix: 'rename one of them.',
      });
    seen.add(p.id);
    for (const error of templateErrors(p))
      issues.push({
        ...at(['prompts', i]),
        expected: 'a valid Handlebars template',
        got: error,
        fix: 'close every {{ with }}, and write a literal {{ as \\{{.',
      });
  });
  return issues;
};

/** Model ids are unique and every model has a price (unless unpriced runs are allowed). */
export const modelsResolve: SuiteCheck = (s) => s.modelIssues;

/**
 * Every cascade step is a candidate of this suite, a `judge` check has an llmJudge scorer to read, and
 * a `scorer` check names a scorer of the suite.
 */
export const cascadesReferToSuite: SuiteCheck = ({ config, candidates, at }) => {
  const issues: ConfigIssue[] = [];
  const ids = new Set(candidates.map((c) => c.id));
  (config.cascades ?? []).forEach((c, i) => {
    c.steps.forEach((s, j) => {
      if (!ids.has(s))
        issues.push({
          ...at(['cascades', i, 'steps', j]),
          expected: `a candidate id (${[...ids].slice(0, 6).join(', ')}…)`,
          got: `"${s}"`,
          fix: 'use MODEL_ID/PROMPT_ID of a model and prompt in this suite.',
        });
    });
    if (c.escalateWhen.type === 'scorer') {
      const names = (config.scorers ?? []).map((x) => x.name ?? x.type);
      if (!names.includes(c.escalateWhen.scorer))
        issues.push({
          ...at(['cascades', i, 'escalateWhen', 'scorer']),
          expected: `the name of a scorer in this suite (${names.join(', ')})`,
          got: `"${c.escalateWhen.scorer}"`,
          fix: "use a scorer's `name` (default: its type), or a regex or jsonSchema check.",
        });
      return;
    }
    // a judge check reads the recorded verdict of an llmJudge scorer, so one must exist
    if (c.escalateWhen.type !== 'judge') return;
    const judges = (config.scorers ?? [])
      .filter((x) => x.type === 'llmJudge')
      .map((x) => x.name ?? 'llmJudge');
    const want = c.escalateWhen.scorer ?? 'llmJudge';
    if (!judges.includes(want))
      issues.push({
        ...at(['cascades', i, 'escalateWhen', 'scorer']),
        expected: `the name of an llmJudge scorer in this suite (${judges.join(', ') || 'there is none'})`,
        got: `"${want}"`,
        fix: 'add an llmJudge scorer (its `name`, default "llmJudge"), or use a regex or jsonSchema check.',
      });
  });
  return issues;
};

/**
 * Every prompt renders for every case, so a missing variable is caught before any spend. Skipped
 * for a task suite and when a template does not parse (promptsParse reports that).
 */
export const promptsRender: SuiteCheck = ({ config, cases, prompts, at }) => {
  if (cases.length === 0 || config.task || prompts.some((p) => templateErrors(p).length > 0)) return [];
  return prompts.flatMap((p, i) => {
    const missing = firstMissingVariable(p, cases);
    if (!missing) return [];
    const { err, caseId } = missing;
    const near = nearest(err.variable, err.present);
    return [
      {
        ...at(['prompts', i]),
        expected: `every case to have the field "${err.variable}" used by prompt "${p.id}"`,
        got: `case "${caseId}" without it (its fields: ${err.present.join(', ') || 'none'})`,
        fix: `${near ? `did you mean {{${near}}}? ` : ''}add "${err.variable}" to the dataset, or change the template.`,
      },
    ];
  });
};

/** Every field a scorer or judge rubric reads is in every case (src/config/scorer-references.ts). */
export const scorerReferencesExist: SuiteCheck = (s) => scorerReferenceIssues(s);

/** Every `groupBy` column is a field of at least one case. */
export const groupByColumnsExist: SuiteCheck = ({ config, cases, at }) => {
  if (!config.groupBy || cases.length === 0) return [];
  const columns = new Set(cases.flatMap((c) => Object.keys(c.fields)));
  return config.groupBy.flatMap((col, i) => {
    if (columns.has(col)) return [];
    const near = nearest(col, [...columns]);
    return [
      {
        ...at(['groupBy', i]),
        expected: `a dataset column (${[...columns].join(', ')})`,
        got: `"${col}", which no case has`,
        fix: `${near ? `did you mean "${near}"? ` : ''}name a column of the dataset, or add "${col}" to its cases.`,
      },
    ];
  });
};

/** The checks beyond the schema, in the order their issues are reported. */
export const SUITE_CHECKS: readonly SuiteCheck[] = [
  datasetLoads,
  promptsParse,
  modelsResolve,
  hostFieldsFit,
  cascadesReferToSuite,
  promptsRender,
  scorerReferencesExist,
  groupByColumnsExist,
];

/** Runs every check and gathers all their issues. */
export function checkSuite(suite: CheckedSuite, checks: readonly SuiteCheck[] = SUITE_CHECKS): ConfigIssue[] {
  return checks.flatMap((check) => check(suite));
}

/** The first case a prompt cannot render for. A plain template is tried once per set of field names. */
function firstMissingVariable(
  p: PromptConfig,
  cases: CaseRow[],
): { err: MissingVariable; caseId: string } | null {
  const seenFieldNames = rendersOnFieldNamesAlone(p) ? new Set<string>() : null;
  for (const c of cases) {
    if (seenFieldNames) {
      const names = Object.keys(c.fields).join('\u0000');
      if (seenFieldNames.has(names)) continue;
      seenFieldNames.add(names);
    }
    try {
      renderPrompt(p, c.fields, c.id);
    } catch (err) {
      if (!(err instanceof MissingVariable)) throw err;
      return { err, caseId: c.id };
    }
  }
  return null;
}

/** Each of a prompt's templates that does not parse, as Handlebars words it. */
function templateErrors(p: PromptConfig): string[] {
  const out: string[] = [];
  for (const src of promptSources(p)) {
    try {
      compileTemplate(src);
    } catch (err) {
      out.push(templateError(src, err as Error));
    }
  }
  return out;
}

/** Handlebars' parse error in one line: the template and what the parser expected. */
function templateError(src: string, err: Error): string {
  const lines = err.message.split('\n').filter((l) => l.trim() !== '');
  const expecting = lines.find((l) => l.startsWith('Expecting')) ?? lines[lines.length - 1] ?? err.message;
  return `${JSON.stringify(src.length > 80 ? `${src.slice(0, 80)}…` : src)} (${expecting.replace(/^Parse error on line \d+:\s*/, '')})`;
}
