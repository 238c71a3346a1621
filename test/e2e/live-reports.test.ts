import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { REPORT_FILES } from '../../src/report/write-reports.ts';
import { cli } from '../helpers/project.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const readReports = (dir: string) =>
  Promise.all(REPORT_FILES.map(async (f) => [f, await readFile(join(dir, f), 'utf8')] as const));

describe('reports written during the run', () => {
  it('are byte for byte what `tollgate report` writes from the run folder afterwards', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tollgate-live-'));
    dirs.push(parent);
    const dir = join(parent, 'run');
    const run = await cli(['run', 'demo', '--no-cache', '--sample', '60', '--out', dir, '--quiet'], {
      cwd: ROOT,
    });
    expect(run.code).toBe(0);
    const live = await readReports(dir);
    // the run streamed cases.csv as samples finished, under a temporary name until the end
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const records = (await readFile(join(dir, 'records.jsonl'), 'utf8')).trim().split('\n');
    const rows = parse(live.find(([f]) => f === 'cases.csv')![1], { columns: true }) as { caseId: string }[];
    expect(rows.map((r) => r.caseId)).toEqual(
      records.map((l) => (JSON.parse(l) as { caseId: string }).caseId),
    );
    expect(records.length).toBeGreaterThan(100);

    expect((await cli(['report', dir], { cwd: ROOT })).code).toBe(0);
    const again = await readReports(dir);
    expect(again.map(([f]) => f)).toEqual(live.map(([f]) => f));
    for (const [i, [file, text]] of again.entries()) expect(text, file).toBe(live[i]![1]);
  });
});
