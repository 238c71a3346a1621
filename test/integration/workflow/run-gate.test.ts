import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.ts';
import { readBaseline } from '../../../src/log/baseline-file.ts';
import { runGate, updateBaseline } from '../../../src/workflow/run-gate.ts';
import { type CandidateSpec, passesAt, type RunSpec, writeRun } from '../../helpers/gate-runs.ts';
import { parseXml } from '../../helpers/xml.ts';

const strong: CandidateSpec = { id: 'gpt-4o/terse', outcome: passesAt(0.93), costPerSample: 0.002 };
const cheap: CandidateSpec = { id: 'gpt-4o-mini/terse', outcome: passesAt(0.88, 1), costPerSample: 0.0003 };
const BASE: RunSpec = { runId: 'run-base', cases: 200, qualityBar: 0.8, candidates: [strong, cheap] };

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tollgate-gate-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes the baseline run, takes the baseline from it, writes the current run, gates it. */
async function scenario(current: Omit<RunSpec, 'runId'>, env: Record<string, string> = {}) {
  const baseDir = await writeRun(root, BASE);
  const written = await updateBaseline(baseDir);
  const dir = await writeRun(root, { ...current, runId: 'run-cur' });
  const gate = await runGate(dir, { env, color: false });
  const junit = parseXml(await readFile(join(dir, 'junit.xml'), 'utf8'));
  const summaryMd = await readFile(join(dir, 'summary.md'), 'utf8');
  return { ...gate, dir, junit, summaryMd, written };
}

function failures(junit: ReturnType<typeof parseXml>) {
  return junit.children[0]!.children.filter(
    (c) => c.name === 'testcase' && c.children.some((x) => x.name === 'failure'),
  ).map((c) => c.attrs.name);
}

describe('runGate on run folders', () => {
  it('a run matching its baseline exits 0 and writes junit.xml and summary.md', async () => {
    const r = await scenario(BASE);
    expect(r.written).toBe(join(root, 'results', 'arith', 'baseline.json'));
    expect(r.exitCode).toBe(0);
    expect(r.junit.attrs).toMatchObject({ tests: '8', failures: '0' });
    expect(r.summaryMd).toContain('## Gate: ✅ passed');
    expect(r.console).toContain('Gate passed (8 passed, 0 failed, 0 skipped).');
  });

  it('a model made worse on purpose exits 1 with a JUnit failure naming it', async () => {
    const worse: CandidateSpec = { ...strong, outcome: (i, rep) => strong.outcome(i, rep) && i % 15 !== 0 };
    const r = await scenario({ ...BASE, candidates: [worse, cheap] });
    expect(r.exitCode).toBe(1);
    expect(failures(r.junit)).toEqual(['gpt-4o/terse accuracy']);
    expect(r.console).toMatch(
      /✗ gpt-4o\/terse accuracy: Accuracy dropped more than the 2\.0 pts allowed and the drop is significant/,
    );
    expect(r.summaryMd).toContain('## Gate: ❌ failed');
  });

  it('a price raised 20% fails the cost check', async () => {
    const r = await scenario({ ...BASE, candidates: [strong, { ...cheap, costPerSample: 0.00036 }] });
    expect(r.exitCode).toBe(1);
    expect(failures(r.junit)).toEqual(['gpt-4o-mini/terse cost']);
    const v = r.result.verdicts.find((x) => x.candidate === 'gpt-4o-mini/terse' && x.check === 'cost')!;
    expect(v.delta).toBeCloseTo(0.2);
  });

  it('a tiny noise change passes', async () => {
    // two cases flip each way, one more fails: -0.5 pts, cost per success up ~1%
    const noisy: CandidateSpec = {
      ...strong,
      outcome: (i, rep) =>
        [3, 7, 11].includes(i) ? false : [5, 9].includes(i) ? true : strong.outcome(i, rep),
    };
    const r = await scenario({ ...BASE, candidates: [noisy, cheap] });
    expect(r.exitCode).toBe(0);
    const v = r.result.verdicts.find((x) => x.candidate === 'gpt-4o/terse' && x.check === 'accuracy')!;
    expect(v.status).toBe('pass');
    expect(v.delta).not.toBe(0);
  });

  it('a new candidate gets the bar check only', async () => {
    const r = await scenario({
      ...BASE,
      candidates: [strong, cheap, { id: 'haiku/terse', outcome: passesAt(0.9, 2) }],
    });
    expect(r.exitCode).toBe(0);
    expect(r.result.verdicts.filter((v) => v.candidate === 'haiku/terse').map((v) => v.status)).toEqual([
      'pass',
      'skip',
      'skip',
      'skip',
    ]);
    expect(r.junit.attrs).toMatchObject({ tests: '12', skipped: '3' });
  });

  it('a candidate missing from the run is reported and does not fail', async () => {
    const r = await scenario({ ...BASE, candidates: [strong] });
    expect(r.exitCode).toBe(0);
    expect(r.console).toMatch(/gpt-4o-mini\/terse\s+bar\s+-\s+-\s+-\s+-\s+SKIP/);
    expect(r.console).toContain('note: Not in this run, so not gated: gpt-4o-mini/terse.');
  });

  it('a changed suite hash is a note, not a failure', async () => {
    const r = await scenario({ ...BASE, suiteHash: 'hash-bbbbbbbbbbbb' });
    expect(r.exitCode).toBe(0);
    expect(r.console).toMatch(/note: The suite changed since the baseline/);
    expect(r.summaryMd).toMatch(/\*\*Note:\*\* The suite changed since the baseline/);
    expect(r.junit.children[0]!.children.find((c) => c.name === 'system-out')?.text).toMatch(/suite changed/);
  });

  it('appends to $GITHUB_STEP_SUMMARY and renders summary.md from the summary and gate.json', async () => {
    const stepSummary = join(root, 'step-summary.md');
    await writeFile(stepSummary, '# earlier step\n');
    const r = await scenario(BASE, { GITHUB_STEP_SUMMARY: stepSummary });
    const summaryPath = join(r.dir, 'summary.md');
    // a hand edit is not kept: summary.md is a report, rendered again from the run's data
    await writeFile(summaryPath, `# Report\n\nrecommended: x\n\n${r.summaryMd}\nfooter\n`);
    await runGate(r.dir, { env: { GITHUB_STEP_SUMMARY: stepSummary }, color: false });
    const md = await readFile(summaryPath, 'utf8');
    expect(md).toBe(r.summaryMd);
    expect(md.startsWith('# ')).toBe(true);
    expect(md.match(/<!-- tollgate:gate -->/g)).toHaveLength(1);
    expect(md.endsWith('<!-- /tollgate:gate -->\n')).toBe(true);
    const step = await readFile(stepSummary, 'utf8');
    expect(step.startsWith('# earlier step\n')).toBe(true);
    expect(step.match(/## Gate: ✅ passed/g)).toHaveLength(2);
  });

  it('writes summary.md with the gate section when the folder had none', async () => {
    const dir = await writeRun(root, BASE);
    await runGate(dir, { env: {}, color: false });
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toMatch(/\n<!-- tollgate:gate -->\n## Gate/);
  });

  it('with no baseline at the default path, checks the bar only and says where it looked', async () => {
    const dir = await writeRun(root, BASE);
    const r = await runGate(dir, { env: {}, color: false });
    expect(r.exitCode).toBe(0);
    expect(r.result.baseline).toBeNull();
    expect(r.console).toContain(
      `Looked for a baseline at ${join(root, 'results', 'arith', 'baseline.json')}.`,
    );
  });

  it('uses --baseline when given, and a missing one is a UserError', async () => {
    const baseDir = await writeRun(root, BASE);
    const elsewhere = join(root, 'ci', 'baseline.json');
    await updateBaseline(baseDir, elsewhere);
    const dir = await writeRun(root, { ...BASE, runId: 'run-cur' });
    expect(
      (await runGate(dir, { baselinePath: elsewhere, env: {}, color: false })).result.baseline?.runId,
    ).toBe('run-base');
    await expect(
      runGate(dir, { baselinePath: join(root, 'missing.json'), env: {}, color: false }),
    ).rejects.toThrow(/Expected a baseline file at .*missing\.json, got no file\. Fix:/);
  });

  it('a baseline of another suite is a UserError', async () => {
    const baseDir = await writeRun(root, { ...BASE, suite: 'other' });
    const path = join(root, 'results', 'arith', 'baseline.json');
    await updateBaseline(baseDir, path);
    const dir = await writeRun(root, { ...BASE, runId: 'run-cur' });
    await expect(runGate(dir, { env: {}, color: false })).rejects.toThrow(
      /Expected a baseline for suite "arith", got one for suite "other"/,
    );
  });
});

describe('bad run folders', () => {
  it.each([
    [
      'a missing folder',
      async () => join(root, 'nope'),
      /Expected a run folder, got nothing at .*nope\. Fix: pass a run folder/,
    ],
    [
      'a file',
      async () => {
        await writeFile(join(root, 'file'), 'x');
        return join(root, 'file');
      },
      /Expected a run folder, got a file at/,
    ],
    [
      'a folder with no summary.json',
      async () => {
        await mkdir(join(root, 'empty'));
        return join(root, 'empty');
      },
      /Expected a run folder holding summary\.json, got no such file at .*summary\.json\. Fix:/,
    ],
    [
      'a broken summary.json',
      async () => {
        const dir = await writeRun(root, BASE);
        await writeFile(join(dir, 'summary.json'), '{"suite": 1}');
        return dir;
      },
      /summary\.json at suite: Expected a string, got 1/,
    ],
    [
      'a summary with no records.jsonl',
      async () => {
        const dir = await writeRun(root, BASE);
        await rm(join(dir, 'records.jsonl'));
        return dir;
      },
      /Expected a run folder holding records\.jsonl/,
    ],
    [
      'a corrupt line in records.jsonl',
      async () => {
        const dir = await writeRun(root, BASE);
        const text = await readFile(join(dir, 'records.jsonl'), 'utf8');
        await writeFile(join(dir, 'records.jsonl'), `not json\n${text}`);
        return dir;
      },
      /Expected a JSON record at .*records\.jsonl:1.*Fix: repair or remove that line/,
    ],
  ])('%s is a UserError', async (_name, make, message) => {
    const dir = await make();
    const err = await runGate(dir, { env: {}, color: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
  });

  it('a torn last line (killed run) is skipped', async () => {
    const dir = await writeRun(root, BASE);
    await appendFile(join(dir, 'records.jsonl'), '{"candidate": "gpt-4o/te');
    await expect(runGate(dir, { env: {}, color: false })).resolves.toMatchObject({ exitCode: 0 });
  });
});

describe('updateBaseline', () => {
  it('writes results/SUITE/baseline.json by default and returns the path', async () => {
    const dir = await writeRun(root, { ...BASE, repeats: 3 });
    const path = await updateBaseline(dir);
    expect(path).toBe(join(root, 'results', 'arith', 'baseline.json'));
    const b = await readBaseline(path, 'arith');
    expect(b.runId).toBe('run-base');
    expect(Object.keys(b.candidates)).toEqual(['gpt-4o-mini/terse', 'gpt-4o/terse']);
    expect(b.candidates['gpt-4o/terse']!.cases['case-000']![1]).toBe(3);
  });

  it.each([
    [{ shard: { index: 1, count: 4 } }, /got shard 1\/4 .*Fix: `tollgate merge` the shards/],
    [
      { stoppedReason: 'budget' as const },
      /got a run that stopped \(budget\) .*Fix: finish it with `tollgate run SUITE --resume RUN_DIR`/,
    ],
  ])('refuses a partial run %j', async (extra, message) => {
    const dir = await writeRun(root, { ...BASE, ...extra });
    await expect(updateBaseline(dir)).rejects.toThrow(message);
    expect(await stat(join(root, 'results', 'arith', 'baseline.json')).catch(() => null)).toBeNull();
  });
});
