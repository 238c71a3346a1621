import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Document, isMap, isSeq } from 'yaml';
import type { CaseRow } from '../dataset/case-row.ts';
import { loadDataset, toCases } from '../dataset/load-dataset.ts';
import { ConfigError, type ConfigIssue, UserError } from '../errors.ts';
import {
  compileTemplate,
  MissingVariable,
  promptSources,
  renderPrompt,
  rendersOnFieldNamesAlone,
} from '../prompt/render.ts';
import { keysFor } from './keys-for.ts';
import { resolveModels } from './resolve-models.ts';
import type { ResolvedSuite } from './resolved.ts';
import { DEFAULT_GATE, type SuiteConfig, suiteSchema } from './schema.ts';
import { parseYamlMapping } from './yaml-mapping.ts';
import { nearest, zodToIssues } from './zod-issues.ts';

/** Finds a suite by name in `suites/` or by path. */
export async function findSuiteFile(nameOrPath: string, cwd: string): Promise<string> {
  const tries = /[\\/]|\.(ya?ml|ts)$/.test(nameOrPath)
    ? [isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath)]
    : ['yaml', 'yml', 'ts'].map((e) => join(cwd, 'suites', `${nameOrPath}.${e}`));
  for (const t of tries) {
    try {
      const st = await stat(t);
      if (st.isFile()) return t;
      if (st.isDirectory())
        throw new UserError(`Expected a suite file, got a directory at ${t}. Fix: name a .yaml or .ts file.`);
    } catch (err) {
      if (err instanceof UserError) throw err;
    }
  }
  throw new UserError(
    `Expected a suite named "${nameOrPath}", got no such file (looked for ${tries.join(', ')}). Fix: run from the project root, or pass the suite's path.`,
  );
}

export interface LoadOptions {
  /** Run even if some models have no price; their cost is null. */
  allowUnpriced?: boolean;
}

/** Loads, validates and resolves a suite. Every problem is reported at once as a ConfigError. */
export async function loadSuite(
  nameOrPath: string,
  cwd: string,
  opts: LoadOptions = {},
): Promise<ResolvedSuite> {
  const file = await findSuiteFile(nameOrPath, cwd);
  const { input, lineOf, text } =
    extname(file) === '.ts' ? await readTsSuite(file) : await readYamlSuite(file);
  const parsed = suiteSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error, file, lineOf, input, keysFor);
    // check what did parse too (dataset, templates, prices), so one pass reports every problem
    const salvaged = salvage(input as Record<string, unknown>);
    const more =
      salvaged.dataset !== undefined && salvaged.models !== undefined
        ? (await crossCheck(salvaged, file, lineOf, opts)).issues
        : [];
    // a field that failed the schema was left out of the salvage: do not report it again as missing
    const failedTop = new Set(issues.map((i) => i.path.split('.')[0]));
    throw new ConfigError([...issues, ...more.filter((i) => !failedTop.has(i.path.split('.')[0]))]);
  }
  return resolveSuite(parsed.data, file, text, lineOf, opts);
}

/** The top-level fields that are valid on their own. */
function salvage(input: Record<string, unknown>): Partial<SuiteConfig> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(suiteSchema.shape)) {
    if (!(key in input)) continue;
    const r = (schema as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(
      input[key],
    );
    if (r.success) out[key] = r.data;
  }
  return out as Partial<SuiteConfig>;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `Expected a readable suite file, got ${code ?? 'an error'} at ${file}. Fix: check the path and its permissions.`,
    );
  }
}

async function readYamlSuite(file: string) {
  const text = await readText(file);
  const { doc, counter, input } = parseYamlMapping(text, file, {
    expected: 'a YAML mapping of suite fields',
    fix: 'start from suites/demo.yaml.',
  });
  const lineOf = (path: Array<string | number>): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const pairKey = n > 0 ? keyNode(doc, path.slice(0, n)) : undefined;
      const offset = pairKey?.range?.[0] ?? node?.range?.[0];
      if (typeof offset === 'number') return counter.linePos(offset).line;
    }
    return null;
  };
  return { input, lineOf, text };
}

/** The key node of a mapping entry, so the line points at `key:` rather than its value. */
function keyNode(
  doc: Document.Parsed,
  path: Array<string | number>,
): { range?: [number, number, number] } | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === last);
    return pair?.key as { range?: [number, number, number] } | undefined;
  }
  if (isSeq(parent) && typeof last === 'number')
    return parent.items[last] as { range?: [number, number, number] } | undefined;
  return undefined;
}

async function readTsSuite(file: string) {
  const text = await readText(file);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    const e = err as Error;
    throw new UserError(
      `Expected a TS suite that loads, got ${e.name}: ${e.message.split('\n')[0]} at ${file}. Fix: correct the error in the file (run \`npm run typecheck\`).`,
    );
  }
  if (mod.default === undefined) {
    throw new ConfigError([
      {
        file,
        path: '',
        line: null,
        expected: 'a default export of defineSuite({...})',
        got: 'no default export',
        fix: 'add `export default defineSuite({ ... })`.',
      },
    ]);
  }
  return { input: mod.default, lineOf: () => null, text };
}

async function resolveSuite(
  config: SuiteConfig,
  file: string,
  text: string,
  lineOf: (p: Array<string | number>) => number | null,
  opts: LoadOptions,
): Promise<ResolvedSuite> {
  const name = config.name ?? basename(file).replace(/\.(ya?ml|ts)$/, '');
  const { issues, cases, datasetText, datasetFile, prompts, models, candidates } = await crossCheck(
    config,
    file,
    lineOf,
    opts,
  );
  if (issues.length > 0) throw new ConfigError(issues);

  const hash = createHash('sha256')
    .update(JSON.stringify(config, (_k, v) => (typeof v === 'function' ? String(v) : v)))
    .update('\0')
    .update(datasetText)
    .digest('hex')
    .slice(0, 16);
  return {
    name,
    file,
    datasetFile,
    hash,
    config,
    cases,
    prompts,
    models,
    candidates,
    pass: config.pass ?? 'all',
    repeats: config.repeats ?? 1,
    concurrency: config.concurrency ?? 8,
    timeoutMs: config.timeoutMs ?? 60_000,
    maxAttempts: config.maxAttempts ?? 5,
    qualityBar: config.qualityBar ?? null,
    budgetUsd: config.budgetUsd ?? null,
    earlyStop: config.earlyStop ?? config.qualityBar !== undefined,
    seed: config.seed ?? 1,
    gate: {
      maxAccuracyDrop: config.gate?.maxAccuracyDrop ?? DEFAULT_GATE.maxAccuracyDrop,
      maxCostIncrease: config.gate?.maxCostIncrease ?? DEFAULT_GATE.maxCostIncrease,
    },
    text,
  };
}

/** The checks that need more than the schema: the dataset, templates against it, ids and prices. */
async function crossCheck(
  config: Partial<SuiteConfig>,
  file: string,
  lineOf: (p: Array<string | number>) => number | null,
  opts: LoadOptions,
) {
  const issues: ConfigIssue[] = [];
  const at = (path: Array<string | number>) => ({ file, path: path.join('.'), line: lineOf(path) });
  const dir = dirname(file);
  // dataset
  let cases: CaseRow[] = [];
  let datasetText = '';
  let datasetFile = file;
  try {
    if (typeof config.dataset === 'string') {
      datasetFile = resolve(dir, config.dataset);
      // the suite's hash covers the very bytes the cases were parsed from
      ({ cases, text: datasetText } = await loadDataset(datasetFile, config.idField));
    } else {
      cases = toCases(
        config.dataset!.map((row, i) => ({ row, line: null, i })),
        `${file} (dataset)`,
        config.idField,
      );
      datasetText = JSON.stringify(config.dataset);
    }
  } catch (err) {
    if (err instanceof ConfigError) issues.push(...err.issues);
    else throw err;
  }

  // prompts
  const prompts = config.prompts ?? (config.task ? [{ id: 'task' }] : []);
  if (prompts.length === 0) {
    issues.push({
      ...at(['prompts']),
      expected: 'at least one prompt variant',
      got: 'no `prompts`',
      fix: 'add `prompts: [{ id: default, user: "{{question}}" }]`.',
    });
  }
  const seenPrompts = new Set<string>();
  let templatesParse = true;
  prompts.forEach((p, i) => {
    if (seenPrompts.has(p.id))
      issues.push({
        ...at(['prompts', i, 'id']),
        expected: 'unique prompt ids',
        got: `"${p.id}" twice`,
        fix: 'rename one of them.',
      });
    seenPrompts.add(p.id);
    for (const src of promptSources(p)) {
      try {
        compileTemplate(src);
      } catch (err) {
        templatesParse = false;
        issues.push({
          ...at(['prompts', i]),
          expected: 'a valid Handlebars template',
          got: templateError(src, err as Error),
          fix: 'close every {{ with }}, and write a literal {{ as \\{{.',
        });
      }
    }
  });

  // models and candidates
  const { models, issues: modelIssues } = resolveModels(
    { ...config, models: config.models ?? [] } as SuiteConfig,
    at,
    opts,
  );
  issues.push(...modelIssues);
  const candidates = models.flatMap((m) =>
    prompts.map((p) => ({ id: `${m.id}/${p.id}`, model: m, prompt: p })),
  );

  // cascades refer to candidates
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
    // a judge check reads the recorded verdict of an llmJudge scorer, so one must exist
    if (c.escalateWhen.type === 'judge') {
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
    }
  });

  // every prompt renders for every case: a missing variable is caught before any spend
  if (cases.length > 0 && !config.task && templatesParse) {
    prompts.forEach((p, i) => {
      // for a plain template, one case per distinct set of field names stands for all of them
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
          const near = nearest(err.variable, err.present);
          issues.push({
            ...at(['prompts', i]),
            expected: `every case to have the field "${err.variable}" used by prompt "${p.id}"`,
            got: `case "${c.id}" without it (its fields: ${err.present.join(', ') || 'none'})`,
            fix: `${near ? `did you mean {{${near}}}? ` : ''}add "${err.variable}" to the dataset, or change the template.`,
          });
          break;
        }
      }
    });
  }

  return { issues, cases, datasetText, datasetFile, prompts, models, candidates };
}

/** Handlebars' parse error in one line: the template and what the parser expected. */
function templateError(src: string, err: Error): string {
  const lines = err.message.split('\n').filter((l) => l.trim() !== '');
  const expecting = lines.find((l) => l.startsWith('Expecting')) ?? lines[lines.length - 1] ?? err.message;
  return `${JSON.stringify(src.length > 80 ? `${src.slice(0, 80)}…` : src)} (${expecting.replace(/^Parse error on line \d+:\s*/, '')})`;
}
