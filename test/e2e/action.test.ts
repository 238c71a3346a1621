/**
 * The GitHub Action (action.yml) and the example workflows: both pass @action-validator/cli, and
 * the action's shell steps, run with bash as the runner would (inputs as step env, $GITHUB_OUTPUT,
 * $GITHUB_STEP_SUMMARY), key the cache on the suite and its dataset, run the suite on the
 * simulator, and mark only a complete run's cache for saving under the exact key.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { arithmeticRows, SIM_SUITE, tempProject } from '../helpers/project.ts';
import { sourceCliArgs } from '../helpers/scale.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VALIDATOR = join(ROOT, 'node_modules', '.bin', 'action-validator');

interface Step {
  id?: string;
  name: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;
/** `${{ EXPR }}`, as action.yml writes an expression. */
const expression = (e: string) => `$${'{{'} ${e} }}`;

async function validate(file: string): Promise<{ code: number; out: string }> {
  return exec(VALIDATOR, [file]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );
}

describe('action.yml and the example workflows', () => {
  it('pass action-validator', async () => {
    const examples = readdirSync(join(ROOT, 'examples', 'github-actions')).filter((f) => /\.ya?ml$/.test(f));
    expect(examples).toContain('eval.yml');
    for (const f of ['action.yml', ...examples.map((e) => join('examples', 'github-actions', e))]) {
      const r = await validate(join(ROOT, f));
      expect({ f, ...r }).toEqual({ f, code: 0, out: '' });
    }
  });

  it('the validator does reject a broken action', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-action-'));
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8').replace('using: composite', 'using: compost');
    await writeFile(join(dir, 'action.yml'), text);
    expect((await validate(join(dir, 'action.yml'))).code).not.toBe(0);
  });

  it('is a composite action with the inputs a workflow sets, and saves the exact key only after a complete run', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['suite', 'gate', 'budget', 'replay', 'working-directory']),
    );
    const saves = steps.filter((s) => s.uses?.startsWith('actions/cache/save@'));
    const exact = saves.filter((s) => s.with?.key === expression('steps.key.outputs.key'));
    expect(exact).toHaveLength(1);
    expect(exact[0]!.if).toContain("steps.run.outputs.complete == 'true'");
    for (const s of saves.filter((x) => x !== exact[0]))
      expect(s.with?.key).toMatch(/^\$\{\{ steps\.key\.outputs\.key \}\}-partial-/);
    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!;
    expect(restore.with?.['restore-keys']).toBe(expression('steps.key.outputs.prefix'));
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    const example = readFileSync(join(ROOT, 'examples', 'github-actions', 'eval.yml'), 'utf8');
    expect(example.match(/support-triage/g)).toHaveLength(1); // the suite is named once
    expect(parse(example).on.push.branches).toEqual(['main']); // main saves the cache PRs restore
  });
});

/** Runs one `run:` step with bash as the runner would; returns what it wrote to $GITHUB_OUTPUT. */
async function runStep(
  s: Step,
  ctx: {
    dir: string;
    runId: number;
    inputs: Record<string, string>;
    outputs: Record<string, Record<string, string>>;
  },
): Promise<{ code: number; outputs: Record<string, string> }> {
  const work = await mkdtemp(join(tmpdir(), 'tollgate-step-'));
  const outFile = join(work, 'output');
  await writeFile(outFile, '');
  const expr = (v: string) =>
    v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => {
      const [kind, a, , b] = e.split('.');
      if (kind === 'inputs') return ctx.inputs[a!] ?? action.inputs[a!]?.default ?? '';
      if (kind === 'steps') return ctx.outputs[a!]?.[b!] ?? '';
      if (kind === 'github') return a === 'run_id' ? String(ctx.runId) : '1';
      throw new Error(`no value for ${e}`);
    });
  const env = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, expr(v)]));
  // as the runner runs a `shell: bash` step
  const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], {
    cwd: join(ctx.dir, ctx.inputs['working-directory'] ?? '.'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: join(ctx.dir, 'step-summary.md'),
      RUNNER_OS: 'Linux',
    },
  }).then(
    () => 0,
    (e: { code: number }) => e.code,
  );
  const outputs = Object.fromEntries(
    (await readFile(outFile, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: r, outputs };
}

let runs = 0;

/** The shell steps in order, with the cache restore stood in by `cacheHit`. */
async function runAction(dir: string, inputs: Record<string, string>, cacheHit: boolean) {
  const outputs: Record<string, Record<string, string>> = { cache: { 'cache-hit': String(cacheHit) } };
  const ctx = {
    dir,
    runId: ++runs,
    inputs: { command: `node ${sourceCliArgs().join(' ')}`, ...inputs },
    outputs,
  };
  let last = 0;
  for (const s of steps.filter((x) => x.run)) {
    const r = await runStep(s, ctx);
    if (s.id) outputs[s.id] = r.outputs;
    last = r.code;
    if (s.id === 'key') expect(r.code).toBe(0);
  }
  const summary = await readFile(join(dir, 'step-summary.md'), 'utf8').catch(() => '');
  return { key: outputs.key!, run: outputs.run!, exit: last, summary };
}

const SUITE = SIM_SUITE;

describe("the action's shell steps, against the simulator", () => {
  it('keys on the suite and its dataset, runs, writes the summary and passes on the exit code', async () => {
    const dir = await tempProject({
      'suites/s.yaml': SUITE,
      'datasets/d.jsonl': arithmeticRows(4),
      'datasets/other.jsonl': '',
    });
    const first = await runAction(dir, { suite: 's', gate: 'false' }, false);
    const runDir = first.run['run-dir']!;
    expect(runDir).toMatch(/^results\/s\/ci-\d+-1$/);
    expect(first.run).toMatchObject({ 'exit-code': '0', complete: 'true' });
    expect(first.exit).toBe(0);
    expect(first.key.key).toMatch(/^tollgate-Linux-s-[0-9a-f]{16}$/);
    expect(first.key.key?.startsWith(first.key.prefix!)).toBe(true);
    expect(first.summary).toContain('sim-mid/p');
    expect(await readFile(join(dir, runDir, 'summary.json'), 'utf8')).toContain('"sim-mid/p"');

    // another dataset changing keeps the key; this suite's dataset changing moves it
    await writeFile(join(dir, 'datasets', 'other.jsonl'), '{"id":"x"}\n');
    const same = await runAction(dir, { suite: 's', gate: 'false' }, true);
    expect(same.key.key).toBe(first.key.key);
    await writeFile(join(dir, 'datasets', 'd.jsonl'), arithmeticRows(5));
    const moved = await runAction(dir, { suite: 's', gate: 'false', replay: 'false' }, false);
    expect(moved.key.key).not.toBe(first.key.key);
    expect(moved.key.prefix).toBe(first.key.prefix);
  }, 180_000);

  it('an exact cache hit replays (no request); a miss there is exit 2 and no complete cache', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': arithmeticRows(3) });
    await runAction(dir, { suite: 's', gate: 'false' }, false);
    // the cache has every response: --replay serves them all
    const replayed = await runAction(dir, { suite: 's', gate: 'false' }, true);
    expect(replayed.run).toMatchObject({ 'exit-code': '0', complete: 'true' });
    // a cache that lacks responses, restored as if exact: --replay misses, the run is not complete
    const empty = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': arithmeticRows(3) });
    const missed = await runAction(empty, { suite: 's', gate: 'false' }, true);
    expect(missed.run).toMatchObject({ 'exit-code': '2', complete: 'false' });
    expect(missed.exit).toBe(2);
  }, 180_000);

  it('a run stopped by its budget is incomplete: exit 3, and its cache is not saved under the exact key', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': arithmeticRows(40) });
    const r = await runAction(dir, { suite: 's', gate: 'false', budget: '0.000001' }, false);
    expect(r.run).toMatchObject({ 'exit-code': '3', complete: 'false' });
    expect(r.exit).toBe(3);
  }, 180_000);

  it('works in a working-directory below the checkout', async () => {
    const dir = await tempProject({ 'app/suites/s.yaml': SUITE, 'app/datasets/d.jsonl': arithmeticRows(2) });
    const r = await runAction(dir, { suite: 's', gate: 'false', 'working-directory': 'app' }, false);
    expect(r.run).toMatchObject({ 'exit-code': '0', complete: 'true' });
    expect(r.key['cache-dir']).toBe('app/.tollgate/cache');
  }, 180_000);
});
