/**
 * `tollgate history demo` over demo runs, with a price change made by `tollgate reprice` in
 * between: the console shows the change and the trend, history.html links every run, and
 * --markdown gives the job summary.
 */
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/project.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CUT = {
  asOf: '2026-12-01',
  source: 'price cut',
  'sim-frontier': { input: 1.25, output: 5, cacheRead: 0.625, cacheWrite: 1.25 },
};

let project: string;
const run = async (out: string) => {
  const r = await cli(
    [
      'run',
      'demo',
      '--sample',
      '6',
      '--concurrency',
      '32',
      '--no-cache',
      '--quiet',
      '--out',
      `results/demo/${out}`,
    ],
    {
      cwd: project,
    },
  );
  expect(r.code, r.err).toBe(0);
};

beforeAll(async () => {
  project = await tempProject({ 'cut.json': JSON.stringify(CUT) });
  await copyFile(join(ROOT, 'suites/demo.yaml'), join(project, 'suites/demo.yaml'));
  await copyFile(join(ROOT, 'datasets/demo.jsonl'), join(project, 'datasets/demo.jsonl'));
  for (const id of ['r1', 'r2', 'r3']) await run(id);
  const r = await cli(['reprice', 'results/demo/r3', '--prices', 'cut.json'], { cwd: project });
  expect(r.code, r.err).toBe(0);
  // the cut holds from now on: the suite prices sim-frontier at it
  const suite = await readFile(join(project, 'suites/demo.yaml'), 'utf8');
  await writeFile(
    join(project, 'suites/demo.yaml'),
    suite.replace(
      '  - sim:sim-frontier',
      '  - { id: sim-frontier, provider: sim, model: sim-frontier, price: { input: 1.25, output: 5, cacheRead: 0.625, cacheWrite: 1.25 } }',
    ),
  );
  for (const id of ['r4', 'r5']) await run(id);
}, 240_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('tollgate history demo', () => {
  it('prints each candidate trend with the price change, and writes history.html', async () => {
    const r = await cli(['history', 'demo'], { cwd: project });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('History of demo: 6 runs');
    // sim-frontier's price changed once (at the reprice), and stayed cut
    expect(r.out).toMatch(
      /sim-frontier\/terse: over 6 runs: cost per success \$[\d.]+ -> \$[\d.]+ \(-\d+\.\d%\), accuracy .*; its prices changed 1 time\n/,
    );
    expect(r.out).toMatch(/r3-repriced-1 \(repriced\).*\* changed: \$1\.25\/\$5 as of/);
    expect(r.out).toMatch(/sim-mid\/terse: over 6 runs: .*tokens per sample [\d.]+ -> [\d.]+/);
    expect(r.out).not.toMatch(/sim-mid\/terse: .*prices changed/);
    expect(r.out).toContain('Wrote results/demo/history.html');
    const html = await readFile(join(project, 'results/demo/history.html'), 'utf8');
    for (const id of ['r1', 'r2', 'r3', 'r3-repriced-1', 'r4', 'r5'])
      expect(html).toContain(`<a href="${id}/report.html">`);
    expect(html).toContain('class="price-mark"');
  });

  it('--markdown gives the trend for a job summary', async () => {
    const r = await cli(['history', 'demo', '--markdown', '--last', '3'], { cwd: project });
    expect(r.out).toMatch(/^## Cost trend: demo\n/);
    expect(r.out).toContain('### sim-mid/terse');
    expect(r.out.match(/\| 2026-|\| \d{4}-\d\d-\d\d \d\d:\d\d UTC \|/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('an unknown suite is exit 2 with the fix', async () => {
    const r = await cli(['history', 'nope'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Expected a results folder of suite "nope".*Fix: run `tollgate run nope` first/);
  });
});
