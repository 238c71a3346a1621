import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { type Document, isMap, isSeq } from 'yaml';
import { ConfigError, UserError } from '../errors.ts';
import { parseYamlMapping } from '../issues/yaml-mapping.ts';
import { zodToIssues } from '../issues/zod-issues.ts';
import { asWritten } from './as-written.ts';
import { importTsSuite } from './import-ts-suite.ts';
import { keysFor } from './keys-for.ts';
import type { ResolvedSuite } from './resolved.ts';
import { type SuiteConfig, suiteSchema } from './schema.ts';
import { checkSuite, prepareSuite } from './suite-checks.ts';

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
  /** The moment prices are looked up at: the run's start. @default now */
  now?: Date;
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
  // parsed once: zod's compiled fast path would cost more to build than it saves
  const parsed = suiteSchema.safeParse(input, { reportInput: true, jitless: true });
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error, file, lineOf, input, keysFor);
    // check what did parse too (dataset, templates, prices), so one pass reports every problem
    const salvaged = salvage(input as Record<string, unknown>);
    const more =
      salvaged.dataset !== undefined && salvaged.models !== undefined
        ? checkSuite(await prepareSuite(salvaged, file, lineOf, opts))
        : [];
    // a field that failed the schema was left out of the salvage: do not report it again as missing
    const failedTop = new Set(issues.map((i) => i.path.split('.')[0]));
    throw new ConfigError([...issues, ...more.filter((i) => !failedTop.has(i.path.split('.')[0]))]);
  }
  return resolveSuite(parsed.data, input, file, text, lineOf, opts);
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
  const mod = await importTsSuite(file, text);
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
  input: unknown,
  file: string,
  text: string,
  lineOf: (p: Array<string | number>) => number | null,
  opts: LoadOptions,
): Promise<ResolvedSuite> {
  const name = config.name ?? basename(file).replace(/\.(ya?ml|ts)$/, '');
  const checked = await prepareSuite(config, file, lineOf, opts);
  const issues = checkSuite(checked);
  if (issues.length > 0) throw new ConfigError(issues);
  const { cases, datasetText, datasetFile, prompts, models, candidates, modelWarnings } = checked;

  const hash = createHash('sha256')
    .update(JSON.stringify(asWritten(config, input), (_k, v) => (typeof v === 'function' ? String(v) : v)))
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
    pass: config.pass,
    repeats: config.repeats,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    qualityBar: config.qualityBar ?? null,
    budgetUsd: config.budgetUsd ?? null,
    earlyStop: config.earlyStop ?? config.qualityBar !== undefined,
    seed: config.seed,
    gate: { ...config.gate },
    warnings: modelWarnings,
    text,
  };
}
