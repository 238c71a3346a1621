import { join } from 'node:path';
import { loadSuite } from '../config/load-suite.ts';
import type { ResolvedSuite } from '../config/resolved.ts';
import { UserError } from '../errors.ts';
import { readBaseline } from '../log/baseline-file.ts';
import { type PromptLine, writePrompts } from '../log/prompts-file.ts';
import { createRunDir, FILES, type RunMeta, writeCases, writeRunMeta } from '../log/run-folder.ts';
import { createPromptsIndex, type PromptsIndex } from '../report/prompts-index.ts';
import { inTurns, nextTurn } from '../retry/next-turn.ts';
import type { CacheMode } from '../runner/metered-chat.ts';
import { makePlan, type Plan } from '../runner/plan.ts';
import { renderedPrompts } from '../runner/rendered-prompts.ts';
import { checkSelectedIds } from '../runner/selection.ts';
import { prepareResume, type ResumeState } from './resume.ts';
import type { RunEvalDeps, RunEvalOptions } from './run-eval-types.ts';

/** What a run covers once its suite, flags and (on `--resume`) run.json are reconciled. */
export interface RunScope {
  models?: string[];
  prompts?: string[];
  repeats: number;
  sample?: number;
  shard?: { index: number; count: number };
  budgetUsd: number | null;
  allowUnpriced: boolean;
  batch: boolean;
  cacheMode: CacheMode;
  concurrency?: number;
  allowIncomplete: boolean;
}

/** A run folder ready for samples: the suite, its scope, the planned cases and run.json written. */
export interface OpenRun {
  suite: ResolvedSuite;
  scope: RunScope;
  dir: string;
  runId: string;
  resume: ResumeState | null;
  /** What the run covers (candidates × cases × repeats, in the seeded order), made once for the whole run. */
  plan: Plan;
  /**
   * cases.jsonl and prompts.jsonl, written once `startCaseFiles` is called, while the samples are
   * sent (a large suite's prompts take seconds to render), a few lines at a time between them. The
   * reports read them: await it before writing them. It resolves with the prompts written, when
   * they fit in memory (the reports then need not read them back). Never rejects unawaited (it is
   * marked handled); awaiting it rethrows a failed write.
   */
  caseFiles: Promise<PromptsIndex | null>;
  /**
   * Starts `caseFiles` (a second call does nothing). The run calls it when its first answer is in:
   * the first answers are then read as they come, not after thousands of prompts are rendered.
   */
  startCaseFiles(): void;
}

/**
 * Opens the run folder: reads `--resume`'s run.json (which fixes the suite and selection), loads
 * and checks the suite, creates the folder, and writes run.json; cases.jsonl and prompts.jsonl
 * follow (`caseFiles`, once started).
 * @throws UserError for a bad suite reference, a changed suite, unknown ids or a bad baseline
 */
export async function openRun(
  suiteRef: string | ResolvedSuite | undefined,
  opts: RunEvalOptions,
  deps: RunEvalDeps,
): Promise<OpenRun> {
  const resume = opts.resume ? await prepareResume(opts.resume, refName(suiteRef), deps.cwd) : null;
  if (resume && resume.repairedBytes > 0) deps.onEvent?.({ type: 'repaired', bytes: resume.repairedBytes });
  // the run's start: its folder's name, run.json's startedAt, and the moment every model is priced
  const now = new Date(deps.now());
  const suite = await resolveSuite(suiteRef, resume, opts, deps.cwd, now);
  const scope = scopeOf(suite, opts, resume);
  checkSelectedIds(scope, suite);
  // a bad baseline is bad input: say so before spending anything
  if (opts.gate && opts.baseline) await readBaseline(opts.baseline, suite.name);
  const { dir, runId } = resume
    ? { dir: resume.dir, runId: resume.meta.runId }
    : await createRunDir({ cwd: deps.cwd, suite: suite.name, out: opts.out, now });
  if (!resume) await writeRunMeta(dir, runMetaOf(suite, scope, runId, now));
  const plan = makePlan(suite, scope);
  let startCaseFiles = () => {};
  const caseFiles = new Promise<void>((start) => {
    startCaseFiles = start;
  }).then(() => writeCaseFiles(dir, suite, plan, deps));
  caseFiles.catch(() => undefined);
  return { suite, scope, dir, runId, resume, plan, caseFiles, startCaseFiles };
}

/**
 * Writes cases.jsonl and prompts.jsonl, yielding to the event loop every few lines so the answers
 * coming in are not held up. Both are rewritten on --resume (a run killed while writing them left
 * them torn or missing), so nothing a resume needs waits on them. Resolves with the prompts
 * written, or null for a task suite or prompts too large to keep.
 */
async function writeCaseFiles(
  dir: string,
  suite: ResolvedSuite,
  plan: Plan,
  deps: RunEvalDeps,
): Promise<PromptsIndex | null> {
  await nextTurn();
  await writeCases(dir, inTurns(plan.cases, LINES_PER_TURN));
  // a task's messages are its own: only a plain prompt's are known before it runs
  if (suite.config.task) return null;
  let index: PromptsIndex | null = createPromptsIndex();
  async function* kept(lines: AsyncIterable<PromptLine>): AsyncGenerator<PromptLine> {
    for await (const line of lines) {
      index?.add(line);
      if (index && index.chars > KEPT_PROMPT_CHARS) index = null;
      yield line;
    }
  }
  const lines = inTurns(renderedPrompts(plan, deps.redactor.redact), LINES_PER_TURN);
  await writePrompts(join(dir, FILES.prompts), kept(lines));
  return index;
}

/** Lines rendered and written between two turns of the event loop (~1 ms of work). */
const LINES_PER_TURN = 32;

/** The most distinct prompt text a run keeps in memory for its reports, in characters; more is read back. */
const KEPT_PROMPT_CHARS = 8 << 20;

function refName(suiteRef: string | ResolvedSuite | undefined): string | undefined {
  return typeof suiteRef === 'string' ? suiteRef : suiteRef?.file;
}

async function resolveSuite(
  suiteRef: string | ResolvedSuite | undefined,
  resume: ResumeState | null,
  opts: RunEvalOptions,
  cwd: string,
  start: Date,
): Promise<ResolvedSuite> {
  if (!suiteRef && !resume)
    throw new UserError(
      'Expected a suite name or path, got none. Fix: `npm run eval demo`, or `tollgate run suites/NAME.yaml`.',
    );
  const allowUnpriced = resume ? resume.meta.options.allowUnpriced : Boolean(opts.allowUnpriced);
  // prices are looked up once, at the run's start (a resumed run's original start)
  const now = resume ? new Date(resume.meta.startedAt) : start;
  const suite =
    typeof suiteRef === 'object' && suiteRef !== null
      ? suiteRef
      : await loadSuite(resume ? resume.meta.suiteFile : suiteRef!, cwd, { allowUnpriced, now });
  if (resume && resume.meta.suiteHash !== suite.hash) {
    throw new UserError(
      `Expected the suite to be unchanged since the run started (hash ${resume.meta.suiteHash}), got hash ${suite.hash} for ${suite.file}. Fix: restore the suite and dataset, or start a new run.`,
    );
  }
  return suite;
}

/** The scope: run.json's on `--resume` (a new `--budget` aside), else the options over the suite's. */
function scopeOf(suite: ResolvedSuite, opts: RunEvalOptions, resume: ResumeState | null): RunScope {
  if (resume) {
    checkResumeFlags(opts, resume.meta);
    const o = resume.meta.options;
    return {
      models: o.models,
      prompts: o.prompts,
      repeats: o.repeats,
      sample: o.sample,
      shard: o.shard,
      // the one flag a resume may change: a run the budget stopped needs more to finish
      budgetUsd: opts.budgetUsd ?? o.budgetUsd,
      allowUnpriced: o.allowUnpriced,
      batch: Boolean(opts.batch) || o.batch,
      cacheMode: o.cacheMode ?? opts.cacheMode ?? 'read-write',
      concurrency: o.concurrency ?? opts.concurrency,
      allowIncomplete: Boolean(opts.allowIncomplete) || Boolean(o.allowIncomplete),
    };
  }
  return {
    models: opts.models,
    prompts: opts.prompts,
    repeats: opts.repeats ?? suite.repeats,
    sample: opts.sample,
    shard: opts.shard,
    budgetUsd: opts.budgetUsd ?? suite.budgetUsd,
    allowUnpriced: Boolean(opts.allowUnpriced),
    batch: Boolean(opts.batch),
    cacheMode: opts.cacheMode ?? 'read-write',
    concurrency: opts.concurrency,
    allowIncomplete: Boolean(opts.allowIncomplete),
  };
}

/**
 * `--resume` finishes the run as it started: a flag that would change what it measures (the
 * selection, repeats, sample, shard, cache mode or concurrency) and differs from run.json is exit 2.
 */
function checkResumeFlags(opts: RunEvalOptions, meta: RunMeta): void {
  const o = meta.options;
  const show = (v: unknown) =>
    v === undefined ? 'not set' : Array.isArray(v) ? v.join(',') : JSON.stringify(v);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const given: Array<[flag: string, value: unknown, recorded: unknown]> = [
    ['--models', opts.models, o.models],
    ['--prompts', opts.prompts, o.prompts],
    ['--repeats', opts.repeats, o.repeats],
    ['--sample', opts.sample, o.sample],
    [
      '--shard',
      opts.shard && `${opts.shard.index}/${opts.shard.count}`,
      o.shard && `${o.shard.index}/${o.shard.count}`,
    ],
    ['the cache mode (--no-cache, --replay)', opts.cacheMode, o.cacheMode ?? 'read-write'],
    ['--concurrency', opts.concurrency, o.concurrency],
  ];
  for (const [flag, value, recorded] of given) {
    if (value === undefined || same(value, recorded)) continue;
    throw new UserError(
      `Expected ${flag} to match the run being resumed (${show(recorded)} in ${join(meta.runId, FILES.meta)}), got ${show(value)}. ` +
        'Fix: drop the flag (--resume restores every setting the run started with), or start a new run.',
    );
  }
}

function runMetaOf(suite: ResolvedSuite, scope: RunScope, runId: string, now: Date): RunMeta {
  return {
    version: 1,
    suite: suite.name,
    suiteFile: suite.file,
    suiteHash: suite.hash,
    runId,
    startedAt: now.toISOString(),
    options: {
      models: scope.models,
      prompts: scope.prompts,
      repeats: scope.repeats,
      sample: scope.sample,
      shard: scope.shard,
      seed: suite.seed,
      budgetUsd: scope.budgetUsd,
      allowUnpriced: scope.allowUnpriced,
      batch: scope.batch,
      cacheMode: scope.cacheMode,
      allowIncomplete: scope.allowIncomplete,
      ...(scope.concurrency === undefined ? {} : { concurrency: scope.concurrency }),
    },
  };
}
