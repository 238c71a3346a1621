import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify as stringifyReference } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import { openCaseReports } from '../../../src/report/case-reports.ts';
import { CASES_CSV_COLUMNS, summarizeScores } from '../../../src/report/cases-csv.ts';
import { csvRow, csvText } from '../../../src/report/csv-cell.ts';
import { renderSummaryCsv, SUMMARY_CSV_COLUMNS } from '../../../src/report/summary-csv.ts';
import { makeCandidate, makeRecord, makeSummary } from '../../helpers/fixture-run.ts';

const NASTY = 'comma, "quotes" and\nnewlines\r\nand a trailing ,';

/** cases.csv as the run writes it: one record at a time, renamed into place at the end. */
async function writeCasesCsv(records: SampleRecord[], dir: string): Promise<void> {
  const reports = await openCaseReports(dir, { candidates: [], order: null });
  for (const r of records) reports.add(r);
  await reports.finish(null);
}

describe('summary.csv', () => {
  it('has one row per candidate with every field, flattened, and round-trips through csv-parse', () => {
    const summary = makeSummary(
      [
        makeCandidate({ id: 'a/x', earlyStopped: true, earlyStopReason: NASTY, savedUsd: 0.25 }),
        makeCandidate({
          id: 'b/y',
          accuracy: null,
          costPerSuccessUsd: null,
          meetsBar: null,
          stopError: { kind: 'auth', message: 'Set OPENAI_API_KEY, "then" retry', status: 401 },
        }),
      ],
      { recommendation: { candidate: 'a/x', reason: '', pointEstimateCandidate: null, closest: null } },
    );
    const rows = parse(renderSummaryCsv(summary), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!)).toEqual([...SUMMARY_CSV_COLUMNS.map(([h]) => h), 'recommended']);
    expect(rows[0]).toMatchObject({
      id: 'a/x',
      accuracy: '0.9',
      'tokens.input': '12000',
      earlyStopped: 'true',
      earlyStopReason: NASTY,
      savedUsd: '0.25',
      judgeCostUsd: '',
      'stopError.kind': '',
      recommended: 'true',
    });
    expect(rows[1]).toMatchObject({
      accuracy: '',
      costPerSuccessUsd: '',
      meetsBar: '',
      onFrontier: 'false',
      'stopError.kind': 'auth',
      'stopError.status': '401',
      'stopError.message': 'Set OPENAI_API_KEY, "then" retry',
      recommended: 'false',
    });
  });

  it('covers every CandidateSummary field', () => {
    const c = makeCandidate({ id: 'a/x' });
    const flat = Object.keys(c).flatMap((k) =>
      k === 'tokens' ? Object.keys(c.tokens).map((t) => `tokens.${t}`) : k === 'stopError' ? [] : [k],
    );
    const headers = SUMMARY_CSV_COLUMNS.map(([h]) => h);
    for (const k of flat) expect(headers).toContain(k);
  });
});

describe('cases.csv', () => {
  it('streams one row per sample and round-trips hostile text', async () => {
    const records: SampleRecord[] = [
      makeRecord({
        candidate: 'a/x',
        caseId: 'c,1',
        status: 'failed',
        output: NASTY,
        scores: [
          { scorer: 'equals', pass: false, score: 0, reason: 'expected "4"' },
          { scorer: 'regex', pass: true, score: 1, reason: '' },
        ],
      }),
      makeRecord({
        candidate: 'b/y',
        caseId: 'c"2',
        status: 'error',
        costUsd: null,
        spentUsd: null,
        cached: true,
      }),
    ];
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-csv-'));
    const path = join(dir, 'cases.csv');
    await writeCasesCsv(records, dir);
    const rows = parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CASES_CSV_COLUMNS.map(([h]) => h), 'expected']);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      candidate: 'a/x',
      model: 'a',
      prompt: 'x',
      caseId: 'c,1',
      repeat: '0',
      status: 'failed',
      output: NASTY,
      scores: 'equals=fail (expected "4"); regex=pass',
      'tokens.input': '120',
      costUsd: '0.00002',
      cached: 'false',
      'error.kind': '',
    });
    expect(rows[1]).toMatchObject({
      caseId: 'c"2',
      output: '',
      costUsd: '',
      spentUsd: '',
      cached: 'true',
      'error.kind': 'server',
      'error.status': '503',
      'error.message': 'upstream 503',
    });
  });

  it('writes only the header for a run with no records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-csv-'));
    const path = join(dir, 'cases.csv');
    await writeCasesCsv([], dir);
    expect(await readFile(path, 'utf8')).toBe(
      `${[...CASES_CSV_COLUMNS.map(([h]) => h), 'expected'].join(',')}\n`,
    );
  });

  it('ends with the case’s expected value and its dataset fields, in the dataset’s order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-csv-'));
    const fields = new Map<string, Record<string, unknown>>([
      ['c1', { question: NASTY, expected: 4, tags: ['a', 'b'] }],
      ['c2', { question: 'q2', expected: 'x', extra: null }],
    ]);
    const reports = await openCaseReports(dir, { candidates: ['a/x'], order: null, fields });
    reports.add(makeRecord({ candidate: 'a/x', caseId: 'c2', status: 'passed' }));
    reports.add(makeRecord({ candidate: 'a/x', caseId: 'c1', status: 'failed' }));
    reports.add(makeRecord({ candidate: 'a/x', caseId: 'gone', status: 'failed' }));
    await reports.finish(null);
    const rows = parse(await readFile(join(dir, 'cases.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const fixed = CASES_CSV_COLUMNS.length;
    expect(Object.keys(rows[0]!).slice(fixed)).toEqual([
      'expected',
      'input.question',
      'input.tags',
      'input.extra',
    ]);
    const own = (r: Record<string, string>) => Object.values(r).slice(fixed);
    expect(rows.map(own)).toEqual([
      ['x', 'q2', '', 'null'],
      ['4', NASTY, '["a","b"]', ''],
      ['', '', '', ''],
    ]);
  });

  it('summarises scores in one cell', () => {
    expect(summarizeScores([])).toBe('');
    expect(summarizeScores([{ scorer: 'equals', pass: true, score: 1, reason: '' }])).toBe('equals=pass');
  });
});

describe('the CSV writer', () => {
  // csv-stringify as the reference for every byte. tollgate used to pass it the options below
  // without quote_record_delimiter, which left a lone \r unquoted; csv-parse then splits the row there
  const REFERENCE = {
    eof: true,
    record_delimiter: '\n',
    quote_record_delimiter: true,
    cast: { boolean: (b: boolean) => (b ? 'true' : 'false') },
  } as const;
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', '=', 'é', '\t', "'") }),
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );

  it('writes the same bytes as csv-stringify, and csv-parse reads back every cell', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const text = csvText(rows);
          expect(text).toBe(stringifyReference(rows, REFERENCE));
          const back = parse(text, { relax_column_count: true }) as string[][];
          expect(back).toEqual(rows.map((r) => r.map((c) => (c === null ? '' : String(c)))));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('quotes a lone carriage return, so the row reads back whole', () => {
    const text = csvText([
      ['a\rb', 'c'],
      ['d', 'e'],
    ]);
    expect(text).toBe('"a\rb",c\nd,e\n');
    expect(parse(text)).toEqual([
      ['a\rb', 'c'],
      ['d', 'e'],
    ]);
  });

  it('quotes only what needs it', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', '', null, 0, -1.5, true, false])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",,,0,-1.5,true,false\n',
    );
  });
});
