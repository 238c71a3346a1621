import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src/dataset/load-dataset.ts';
import { ConfigError } from '../../../src/errors.ts';
import { tempProject } from '../../helpers/project.ts';

describe('a CSV dataset', () => {
  it('reads a header row, quoted fields with commas, quotes and newlines, and a BOM', async () => {
    const dir = await tempProject({
      'q.csv': '\ufeffid,question,expected\nc1,"What is 1, plus 1?",2\nc2,"Say ""hi""\nthen stop",hi\n',
    });
    const { cases } = await loadDataset(join(dir, 'q.csv'));
    expect(cases.map((c) => [c.id, c.fields])).toEqual([
      ['c1', { id: 'c1', question: 'What is 1, plus 1?', expected: '2' }],
      ['c2', { id: 'c2', question: 'Say "hi"\nthen stop', expected: 'hi' }],
    ]);
  });

  it('names the file and the line of a broken row, with the fix', async () => {
    const dir = await tempProject({ 'q.csv': 'id,question\nc1,fine\nc2,"unclosed\nc3,x\n' });
    const err = await loadDataset(join(dir, 'q.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const issue = (err as ConfigError).issues[0]!;
    expect(issue.file).toBe(join(dir, 'q.csv'));
    expect(issue.line).toBeGreaterThanOrEqual(3);
    expect(issue.expected).toBe('valid CSV with a header row');
    expect(issue.fix).toMatch(/quote fields/);
  });
});
