/**
 * TS suites: `defineSuite` is checked against the same schema as YAML (a wrong field is exit 2 with
 * the file and the field path), a `custom` scorer takes a function, and a `task` replaces the single
 * call with metered `model.chat` calls whose costs all land on the sample.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../src/log/records-file.ts';
import type { Summary } from '../../src/log/summary-file.ts';
import { cli, tempProject } from '../helpers/project.ts';
import { readJsonl } from '../helpers/run-files.ts';

const SRC = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const ROWS = [
  '{"id":"a","question":"What is 2 + 3?","expected":"5"}',
  '{"id":"b","question":"What is 7 * 6?","expected":"42"}',
].join('\n');

describe('TS suites', () => {
  it('reports a wrong field like YAML: exit 2, the file and the field path, every problem at once', async () => {
    const dir = await tempProject({
      'datasets/d.jsonl': ROWS,
      'suites/bad.ts': `import { defineSuite } from ${JSON.stringify(SRC)};
export default defineSuite({
  dataset: '../datasets/d.jsonl',
  prompts: [{ id: 'p', user: '{{question}}' }],
  models: ['sim:sim-mid'],
  // @ts-expect-error a misspelt field, and a bar out of range
  scorers: [{ type: 'equals', feild: 'expected' }],
  qualityBar: 1.5,
});
`,
    });
    const r = await cli(['run', 'bad', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    const file = join(dir, 'suites', 'bad.ts');
    expect(r.err).toContain('2 problems');
    expect(r.err).toContain(`${file} at scorers.0.feild: Expected one of the keys`);
    expect(r.err).toContain('did you mean "field"?');
    expect(r.err).toContain(`${file} at qualityBar: Expected a value ≤ 1, got the number 1.5`);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says so when the file has no default export', async () => {
    const dir = await tempProject({ 'suites/empty.ts': 'export const x = 1;\n' });
    const r = await cli(['run', 'empty'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Expected a default export of defineSuite({...}), got no default export');
  });

  describe('with a task and a custom scorer', () => {
    let dir: string;
    let summary: Summary;
    let records: SampleRecord[];
    let seen: Record<string, number[]>;

    beforeAll(async () => {
      dir = await tempProject({
        'datasets/d.jsonl': ROWS,
        'suites/t.ts': `import { defineSuite } from ${JSON.stringify(SRC)};
const seen: Record<string, number[]> = {};
(globalThis as { __tollgateSeen?: unknown }).__tollgateSeen = seen;
export default defineSuite({
  dataset: '../datasets/d.jsonl',
  models: ['sim:sim-frontier', 'sim:sim-budget'],
  scorers: [{ type: 'custom', name: 'has-digit', fn: ({ output, input }) => ({ pass: output.includes(String(input.expected)), reason: 'checked' }) }],
  // a draft and a check: two metered calls per task, and the task sees what each cost
  task: async ({ input, model }) => {
    const draft = await model.chat([{ role: 'user', content: String(input.question) }]);
    const check = await model.chat([{ role: 'user', content: String(input.question) }], { maxTokens: 16 });
    (seen[model.id + '|' + String(input.question)] ??= []).push(draft.costUsd ?? NaN, check.costUsd ?? NaN);
    return check.text;
  },
});
`,
      });
      const r = await cli(['run', 't', '--no-cache', '--out', 'out', '--json'], { cwd: dir });
      expect(r.err).toBe('Run folder: out\n');
      expect(r.code).toBe(0);
      summary = JSON.parse(r.out) as Summary;
      records = await readJsonl<SampleRecord>(join(dir, 'out', 'records.jsonl'));
      seen = (globalThis as { __tollgateSeen?: Record<string, number[]> }).__tollgateSeen!;
    });

    it('charges every call of the task to its sample', () => {
      expect(records).toHaveLength(4);
      for (const r of records) {
        expect(r.calls).toBe(2);
        expect(r.attempts).toBe(2);
        expect(r.attemptLog).toHaveLength(2);
        const fromTask = seen[`${r.model}|${r.caseId === 'a' ? 'What is 2 + 3?' : 'What is 7 * 6?'}`]!;
        // the costs model.chat reported to the task, summed in order, are the record's cost
        expect(fromTask[0]! + fromTask[1]!).toBe(r.costUsd);
        expect(r.scores[0]!.scorer).toBe('has-digit');
      }
    });

    it('summarises calls per sample and shows them in the CSV and the HTML table', async () => {
      for (const c of summary.candidates) {
        expect(c.calls).toBe(4);
        expect(c.meanCallsPerSample).toBe(2);
      }
      const csv = parse(await readFile(join(dir, 'out', 'summary.csv'), 'utf8'), { columns: true }) as Record<
        string,
        string
      >[];
      expect(csv.map((row) => row.meanCallsPerSample)).toEqual(['2', '2']);
      const html = await readFile(join(dir, 'out', 'report.html'), 'utf8');
      expect(html).toContain('title="meanCallsPerSample" aria-sort="none">Calls / sample</th>');
      const md = await readFile(join(dir, 'out', 'summary.md'), 'utf8');
      expect(md).toContain('| Calls / sample |');
    });
  });
});
