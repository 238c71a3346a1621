import { describe, expect, it } from 'vitest';
import { buildExplorerData, clip, fieldText, selectExplorerCases } from '../../src/report/explorer-data.ts';
import { makeRecord } from './fixture-run.ts';

describe('selectExplorerCases', () => {
  it('orders by the dataset, then naturally, and caps', () => {
    const order = new Map([
      ['b', 0],
      ['a', 1],
    ]);
    expect(selectExplorerCases(['case-10', 'a', 'case-2', 'b'], order)).toEqual([
      'b',
      'a',
      'case-2',
      'case-10',
    ]);
    expect(selectExplorerCases(['c-3', 'c-1', 'c-2'], null, 2)).toEqual(['c-1', 'c-2']);
  });
});

describe('buildExplorerData', () => {
  it('groups samples by case in candidate order and flags failures and disagreements', async () => {
    const data = await buildExplorerData(
      {
        candidates: ['a/x', 'b/x'],
        caseIds: ['1', '2', '3'],
        fields: new Map([['1', { question: 'q1', expected: 4, extra: { n: 1 } }]]),
        totalCases: 4,
      },
      [
        makeRecord({ candidate: 'b/x', caseId: '1', status: 'failed', output: '5' }),
        makeRecord({ candidate: 'a/x', caseId: '1', status: 'passed', output: '4' }),
        makeRecord({ candidate: 'a/x', caseId: '2', status: 'error' }),
        makeRecord({ candidate: 'b/x', caseId: '2', status: 'error' }),
        makeRecord({ candidate: 'a/x', caseId: '3', status: 'passed' }),
        makeRecord({ candidate: 'c/new', caseId: '3', status: 'passed' }),
        makeRecord({ candidate: 'a/x', caseId: '99', status: 'passed' }),
      ],
    );
    expect(data.candidates).toEqual(['a/x', 'b/x', 'c/new']);
    expect(data.totalCases).toBe(4);
    const [one, two, three] = data.cases;
    expect(one).toMatchObject({
      id: '1',
      inputs: [
        ['question', 'q1'],
        ['extra', '{"n":1}'],
      ],
      expected: '4',
    });
    expect(one!.samples.map((s) => s.candidate)).toEqual([0, 1]);
    expect(one).toMatchObject({ hasFailure: true, disagreement: true });
    expect(two).toMatchObject({ hasFailure: true, disagreement: false, expected: null, inputs: [] });
    expect(two!.samples[0]!.error).toBe('server: upstream 503');
    expect(three).toMatchObject({ hasFailure: false, disagreement: false });
  });

  it('treats repeats as a pass rate per candidate', async () => {
    const data = await buildExplorerData(
      { candidates: ['a/x', 'b/x'], caseIds: ['1'], fields: null, totalCases: 1 },
      [
        makeRecord({ candidate: 'a/x', caseId: '1', status: 'passed', repeat: 0 }),
        makeRecord({ candidate: 'a/x', caseId: '1', status: 'failed', repeat: 1 }),
        makeRecord({ candidate: 'b/x', caseId: '1', status: 'failed', repeat: 1 }),
        makeRecord({ candidate: 'b/x', caseId: '1', status: 'passed', repeat: 0 }),
      ],
    );
    expect(data.cases[0]).toMatchObject({ disagreement: false, hasFailure: true });
    expect(data.cases[0]!.samples.map((s) => [s.candidate, s.repeat])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(data.hasInputs).toBe(false);
  });

  it('cuts long text and shows values as text', () => {
    expect(clip('abcdef', 3)).toBe('abc… [cut at 3 characters]');
    expect(fieldText('x')).toBe('x');
    expect(fieldText(null)).toBe('null');
    expect(fieldText([1, '<b>'])).toBe('[1,"<b>"]');
  });
});
