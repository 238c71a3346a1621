import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.ts';
import { GATE_SECTION_END, GATE_SECTION_START, renderGateMarkdown } from '../../../src/gate/markdown.ts';
import { writeGateFile } from '../../../src/log/gate-file.ts';
import { type ExplorerData, MAX_EXPLORER_CASES } from '../../../src/report/explorer-data.ts';
import { writeReports } from '../../../src/report/write-reports.ts';
import { fixedResult } from '../../helpers/fixed-result.ts';
import { makeCandidate, makeRecord, makeSummary, writeRunFolder } from '../../helpers/fixture-run.ts';
import { hostileRun } from '../../helpers/hostile-run.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-report-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The explorer data embedded in a report. */
function embedded(html: string): { explorer: ExplorerData; pageSize: number } {
  const m = html.match(/<script type="application\/json" id="tollgate-data">(.*?)<\/script>/s);
  return JSON.parse(m![1]!);
}

describe('writeReports', () => {
  it('writes the four reports (and cascades.csv) and nothing else, as a pure function of the folder', async () => {
    const dir = await tempDir();
    const run = hostileRun();
    await writeRunFolder(dir, run);
    await writeReports(dir);
    expect((await readdir(dir)).sort()).toEqual(
      [
        'cascades.csv',
        'cases.csv',
        'cases.jsonl',
        'records.jsonl',
        'report.html',
        'summary.csv',
        'summary.json',
        'summary.md',
      ].sort(),
    );
    const first = await Promise.all(
      ['report.html', 'summary.csv', 'cases.csv', 'summary.md'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    await writeReports(dir);
    const second = await Promise.all(
      ['report.html', 'summary.csv', 'cases.csv', 'summary.md'].map((f) => readFile(join(dir, f), 'utf8')),
    );
    expect(second).toEqual(first);

    const cases = parse(first[2]!, { columns: true }) as Record<string, string>[];
    expect(cases).toHaveLength(run.records.length);
    expect(cases.map((r) => r.output)).toEqual(run.records.map((r) => r.output ?? ''));
    expect(parse(first[1]!, { columns: true })).toHaveLength(run.summary.candidates.length);
    expect(first[3]).toContain('**Pick: sim-mid/terse.**');
  });

  it('shows outputs without inputs when cases.jsonl is missing', async () => {
    const dir = await tempDir();
    await writeRunFolder(dir, { ...hostileRun(), cases: null });
    await writeReports(dir);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const { explorer } = embedded(html);
    expect(explorer.hasInputs).toBe(false);
    expect(explorer.cases[0]).toMatchObject({ id: 'case-001', inputs: [], expected: null });
    expect(html).toContain('has no <code>cases.jsonl</code>');
  });

  it(`caps the explorer at ${MAX_EXPLORER_CASES} cases and says so`, async () => {
    const dir = await tempDir();
    const n = MAX_EXPLORER_CASES + 5;
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    await writeRunFolder(dir, {
      summary: makeSummary([makeCandidate({ id: 'a/x' })]),
      records: ids.map((caseId) => makeRecord({ candidate: 'a/x', caseId, status: 'passed' })),
      cases: ids.map((id) => ({ id, fields: { q: id } })),
    });
    await writeReports(dir);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const { explorer } = embedded(html);
    expect(explorer.cases).toHaveLength(MAX_EXPLORER_CASES);
    expect(explorer.totalCases).toBe(n);
    expect(explorer.cases.at(-1)!.id).toBe(`c${MAX_EXPLORER_CASES - 1}`);
    expect(html).toContain(`Showing the first 2,000 of 2,005 cases`);
  });

  it('reports a folder without summary.json or records.jsonl as a user error', async () => {
    const dir = await tempDir();
    await expect(writeReports(dir)).rejects.toThrow(UserError);
    await expect(writeReports(dir)).rejects.toThrow(/summary\.json/);
    await writeRunFolder(dir, { summary: makeSummary([]), records: [], cases: null });
    await rm(join(dir, 'records.jsonl'));
    await expect(writeReports(dir)).rejects.toThrow(/records\.jsonl/);
  });

  it('renders a run with no records and no candidates', async () => {
    const dir = await tempDir();
    await writeRunFolder(dir, { summary: makeSummary([]), records: [], cases: [] });
    await writeReports(dir);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Nothing to plot: no sample ran.');
    expect(html).not.toContain('id="left-off"');
    expect(embedded(html).explorer.cases).toEqual([]);
  });
});

describe('summary.md and the gate', () => {
  it('renders the gate verdicts from gate.json after the summary, on every re-render', async () => {
    const dir = await tempDir();
    await writeRunFolder(dir, { summary: makeSummary([]), records: [], cases: [] });
    await writeReports(dir);
    const plain = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(plain).not.toContain(GATE_SECTION_START);
    await writeGateFile(dir, fixedResult());
    await writeReports(dir);
    const gated = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(gated).toBe(`${plain.replace(/\n*$/, '\n')}\n${renderGateMarkdown(fixedResult())}`);
    expect(gated.match(new RegExp(GATE_SECTION_START, 'g'))).toHaveLength(1);
    expect(gated.endsWith(`${GATE_SECTION_END}\n`)).toBe(true);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
  });
});
