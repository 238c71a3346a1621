import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CandidateSpec, passesAt, type RunSpec, writeRun } from '../helpers/gate-runs.ts';
import { cli as runCli } from '../helpers/project.ts';

const strong: CandidateSpec = { id: 'gpt-4o/terse', outcome: passesAt(0.93), costPerSample: 0.002 };
const BASE: RunSpec = { runId: 'run-base', cases: 200, qualityBar: 0.8, candidates: [strong] };

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = async (args: string[], env: Record<string, string> = {}) => {
  const r = await runCli(args, { cwd: root, env });
  return { ...r, exitCode: r.code };
};

describe('tollgate gate', () => {
  it('--update-baseline writes the baseline, then gate passes with exit 0', async () => {
    const dir = relative(root, await writeRun(root, BASE));
    const up = await cli(['gate', dir, '--update-baseline']);
    expect(up.out).toBe(
      'Wrote the baseline to results/arith/baseline.json. Review and commit it with the change it reflects.\n',
    );
    const r = await cli(['gate', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.out).toContain('Gate passed (4 passed, 0 failed, 0 skipped).');
  });

  it('sets exit code 1 on a regression and prints the table', async () => {
    const base = relative(root, await writeRun(root, BASE));
    await cli(['gate', base, '--update-baseline']);
    const worse = { ...strong, outcome: (i: number, r: number) => strong.outcome(i, r) && i % 15 !== 0 };
    const dir = relative(root, await writeRun(root, { ...BASE, runId: 'run-cur', candidates: [worse] }));
    const r = await cli(['gate', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.out).toMatch(/gpt-4o\/terse\s+accuracy\s+.*FAIL/);
    expect(await readFile(join(root, dir, 'junit.xml'), 'utf8')).toContain('<failure');
  });

  it('--baseline FILE and --json', async () => {
    const base = relative(root, await writeRun(root, BASE));
    await cli(['gate', base, '--update-baseline', '--baseline', 'ci/base.json']);
    const r = await cli(['gate', base, '--baseline', 'ci/base.json', '--json']);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ passed: true, baseline: { runId: 'run-base' }, counts: { pass: 4 } });
  });

  it('passes the environment for $GITHUB_STEP_SUMMARY', async () => {
    const dir = relative(root, await writeRun(root, BASE));
    await cli(['gate', dir], { GITHUB_STEP_SUMMARY: join(root, 'step.md') });
    expect(await readFile(join(root, 'step.md'), 'utf8')).toContain('## Gate:');
  });

  it('bad input is exit 2 with a message and no stack', async () => {
    const r = await cli(['gate', 'results/nope']);
    expect(r.exitCode).toBe(2);
    expect(r.err).toContain('results/nope');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('tollgate compare', () => {
  it('prints per-candidate deltas and flipped cases, or JSON', async () => {
    const a = relative(root, await writeRun(root, { ...BASE, cases: 20 }));
    const worse = { ...strong, outcome: (i: number) => i > 2 };
    const b = relative(
      root,
      await writeRun(root, { ...BASE, cases: 20, runId: 'run-b', candidates: [worse] }),
    );
    const text = await cli(['compare', a, b]);
    expect(text.exitCode).toBe(0);
    expect(text.out).toMatch(/gpt-4o\/terse: \d+ cases pass -> fail/);
    const json = JSON.parse((await cli(['compare', a, b, '--json'])).out);
    expect(json.candidates[0].candidate).toBe('gpt-4o/terse');
    expect(Array.isArray(json.candidates[0].passToFail)).toBe(true);
  });

  it('rejects a bad --limit and a missing run', async () => {
    const a = relative(root, await writeRun(root, BASE));
    const limit = await cli(['compare', a, a, '--limit', 'x']);
    expect(limit.exitCode).toBe(2);
    expect(limit.err).toMatch(/Expected --limit to be a whole number/);
    const missing = await cli(['compare', a, 'nope']);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toMatch(/Expected a run folder, got nothing at/);
  });
});
