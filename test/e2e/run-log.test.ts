import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllRecords } from '../../src/log/read-records.ts';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

const V1 = join(import.meta.dirname, '../fixtures/run-log/v1');

describe('tollgate report on a damaged run folder', () => {
  it('a corrupt records.jsonl line exits 2 naming the file and line, with no stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-e2e-log-'));
    await cp(V1, dir, { recursive: true });
    const path = join(dir, 'records.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[6] = lines[6]!.slice(0, 40);
    await writeFile(path, lines.join('\n'));
    const r = await cli(['report', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path}:7`);
    expect(r.err).toMatch(/Expected a JSON record at .*records\.jsonl:7, got a line that does not parse/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    await rm(dir, { recursive: true, force: true });
  });

  it('a version-1 folder still makes its reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-e2e-log-'));
    await cp(V1, dir, { recursive: true });
    const r = await cli(['report', dir], { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('every attempt records its model and tariff', () => {
  it('a run writes them (version 2), and reprice replaces the tariff with the prices file', async () => {
    const project = await tempProject({
      'suites/t.yaml':
        'dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels: [sim:sim-mid]\nscorers: [{ type: numeric }]\n',
      'datasets/q.jsonl': arithmeticRows(3),
    });
    const run = await cli(['run', 't', '--out', 'o', '--no-cache', '--quiet'], { cwd: project });
    expect(run.err).toBe('Run folder: o\n');
    const records = await readAllRecords(join(project, 'o', 'records.jsonl'));
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.version).toBe(2);
      for (const a of r.attemptLog) {
        expect(a.model).toBe('sim-mid');
        expect(a.tariff).toMatchObject({
          model: 'sim-mid',
          input: 0.8,
          cacheRead: 0.08,
          cacheWrite: 1,
          output: 4,
          discount: null,
          source: 'table',
        });
        expect(Number.isNaN(Date.parse(a.tariff!.pricedAt))).toBe(false);
      }
    }
    await writeFile(
      join(project, 'p.yaml'),
      'sim-mid: { input: 0.4, output: 2, cacheRead: 0.04, cacheWrite: 0.5 }\n',
    );
    const rp = await cli(['reprice', 'o', '--prices', 'p.yaml', '--out', 'o2'], { cwd: project });
    expect(rp.code).toBe(0);
    const repriced = await readAllRecords(join(project, 'o2', 'records.jsonl'));
    for (const r of repriced) {
      for (const a of r.attemptLog)
        expect(a.tariff).toMatchObject({ input: 0.4, output: 2, source: 'prices-file' });
    }
    const cost = (rs: typeof records) => rs.reduce((s, r) => s + (r.costUsd ?? 0), 0);
    expect(cost(repriced)).toBeCloseTo(cost(records) / 2, 12);
    await rm(project, { recursive: true, force: true });
  });
});
