import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { caseGroupsOf } from '../../../src/analysis/breakdown.ts';
import { factsOf, summarizeRecords } from '../../../src/analysis/summarize.ts';
import { parseSummary } from '../../../src/log/read-summary.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import type { Summary } from '../../../src/log/summary-file.ts';
import { breakdownConsole } from '../../../src/report/breakdown-console.ts';
import { NO_CASES } from '../../../src/report/explorer-data.ts';
import { renderGroupsCsv } from '../../../src/report/groups-csv.ts';
import { renderHtmlReport } from '../../../src/report/html-report.ts';
import { renderSummaryMarkdown } from '../../../src/report/summary-markdown.ts';
import { caseId, makeRecord, makeRun } from '../../helpers/gate-runs.ts';

/** 20 cases, even ids "easy" and odd "hard"; x fails every hard case, y only one. */
async function grouped(): Promise<Summary> {
  const { summary } = makeRun({ runId: 'r1', cases: 20, candidates: [] });
  const records: SampleRecord[] = [];
  for (let i = 0; i < 20; i++) {
    const hard = i % 2 === 1;
    records.push(makeRecord('x/p', caseId(i), 0, hard ? 'failed' : 'passed'));
    records.push(makeRecord('y/p', caseId(i), 0, i === 1 ? 'failed' : 'passed'));
  }
  const cases = Array.from({ length: 20 }, (_, i) => ({
    id: caseId(i),
    fields: { level: i % 2 ? 'hard' : 'easy' },
  }));
  const candidates = ['x/p', 'y/p'].map((id) => ({
    id,
    model: id[0]!,
    prompt: 'p',
    provider: 'sim',
    planned: 20,
  }));
  return summarizeRecords(records, {
    ...factsOf(summary),
    candidates,
    caseGroups: caseGroupsOf(['level'], cases),
  });
}

describe('the breakdown in the reports', () => {
  it('summary.json keeps it, and a summary written before version 3 still reads', async () => {
    const s = await grouped();
    const back = parseSummary(JSON.stringify({ ...s, version: 3 }), 'summary.json', '.');
    expect(back.groups).toHaveLength(4);
    expect(back.scorers).toEqual([]);
    const { groupBy: _g, groups: _gs, scorers: _s, ...old } = s;
    const v2 = parseSummary(
      JSON.stringify({
        ...old,
        version: 2,
        candidates: old.candidates.map(({ meanTokensPerSample: _m, ...c }) => c),
      }),
      'summary.json',
      '.',
    );
    expect(v2.groups).toBeUndefined();
  });

  it('summary.md has a By table with the weakest group marked, groups.csv a row per candidate and group', async () => {
    const s = await grouped();
    const md = renderSummaryMarkdown(s);
    expect(md).toContain('## By level');
    expect(md).toContain('| x/p | easy | 10 | 100.0% (72.2–100.0%) |');
    expect(md).toContain('|  | **hard** (weakest) | 10 | **0.0% (0.0–27.8%)** |');
    const rows = parse(renderGroupsCsv(s)!, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.candidate, r.value, r.accuracy, r.weakest])).toEqual([
      ['x/p', 'easy', '1', 'false'],
      ['x/p', 'hard', '0', 'true'],
      ['y/p', 'easy', '1', 'false'],
      ['y/p', 'hard', '0.9', 'true'],
    ]);
    expect(renderGroupsCsv({ ...s, groups: undefined })).toBeNull();
  });

  it('report.html has a breakdown table with the weakest rows highlighted; the console a compact one', async () => {
    const s = await grouped();
    const html = renderHtmlReport(s, NO_CASES);
    expect(html).toContain('id="breakdowns"');
    const weakest = [
      ...html.matchAll(/<tr data-candidate="([^"]+)" data-group="([^"]+)" class="bd-weakest"/g),
    ];
    expect(weakest.map((m) => `${m[1]} ${m[2]}`)).toEqual(['x/p hard', 'y/p hard']);
    const text = breakdownConsole(s).join('\n');
    expect(text).toMatch(/x\/p\s+100%\s+0% ▼/);
    expect(text).toMatch(/y\/p\s+100%\s+90% ▼/);
    // no breakdowns, no card
    expect(
      renderHtmlReport({ ...s, groupBy: undefined, groups: undefined, scorers: [] }, NO_CASES),
    ).not.toContain('id="breakdowns"');
  });
});
