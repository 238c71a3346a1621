/**
 * "now clears the bar at N% less per success than …": after a run whose pick is cheaper than the
 * baseline's, and after a reprice whose pick is cheaper than the original run's, in the console,
 * summary.md and report.html.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/project.ts';

const SUITE = `dataset: ../datasets/d.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-frontier, sim:sim-budget]
scorers: [{ type: equals, field: expected }]
qualityBar: 0.3
earlyStop: false
`;
const DATASET = Array.from(
  { length: 20 },
  (_, i) => `{"id": "c${i}", "question": "What is ${i} + ${i + 3}?", "expected": "${2 * i + 3}"}`,
).join('\n');
/** sim-frontier at a hundredth of its price: cheaper per success than sim-budget. */
const CUT = { 'sim-frontier': { input: 0.025, output: 0.1, cacheRead: 0.0125, cacheWrite: 0.025 } };

let project: string;
const run = (args: string[]) => cli(['run', 't', '--no-cache', '--quiet', ...args], { cwd: project });

beforeAll(async () => {
  project = await tempProject({
    'suites/t.yaml': SUITE,
    'datasets/d.jsonl': `${DATASET}\n`,
    'cut.json': JSON.stringify(CUT),
  });
  // the baseline has sim-frontier alone: its pick is sim-frontier/p
  const base = await run(['--models', 'sim-frontier', '--out', 'results/t/base', '--update-baseline']);
  expect(base.code, base.err).toBe(0);
}, 120_000);
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('a cheaper pick that clears the bar says so', () => {
  it('after a run, against the baseline pick', async () => {
    const r = await run(['--out', 'results/t/now']);
    expect(r.code, r.err).toBe(0);
    const news =
      /sim-budget\/p now clears the bar at \d+% less per success than the baseline's sim-frontier\/p\./;
    expect(r.out).toMatch(news);
    expect(await readFile(join(project, 'results/t/now/summary.md'), 'utf8')).toMatch(
      /> \[!TIP\]\n> sim-budget\/p now clears the bar at \d+% less per success than the baseline's sim-frontier\/p\./,
    );
    const html = await readFile(join(project, 'results/t/now/report.html'), 'utf8');
    expect(html).toMatch(/<p class="pick-news" id="pick-news">sim-budget\/p now clears the bar at \d+% less/);
    const summary = JSON.parse(await readFile(join(project, 'results/t/now/summary.json'), 'utf8'));
    expect(summary.comparedPick).toMatchObject({
      against: 'baseline',
      runId: 'base',
      candidate: 'sim-frontier/p',
    });
    // `report` rebuilds the summary from the records and keeps what it was compared with
    expect((await cli(['report', 'results/t/now'], { cwd: project })).code).toBe(0);
    expect(await readFile(join(project, 'results/t/now/summary.md'), 'utf8')).toMatch(news);
  });

  it('after a reprice, against the original run pick', async () => {
    const r = await cli(['reprice', 'results/t/now', '--prices', 'cut.json', '--out', 'cut'], {
      cwd: project,
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Pick: sim-frontier\/p \(was sim-budget\/p\)/);
    expect(r.out).toMatch(
      /sim-frontier\/p now clears the bar at \d+% less per success than the original run's sim-budget\/p\./,
    );
    expect(await readFile(join(project, 'cut/summary.md'), 'utf8')).toMatch(/original run's sim-budget\/p/);
  });

  it('says nothing when the pick is the baseline pick', async () => {
    const r = await run(['--models', 'sim-frontier', '--out', 'results/t/same']);
    expect(r.out).not.toMatch(/now clears the bar/);
  });
});
