import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promptLine, writePrompts } from '../../../src/log/prompts-file.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import { clip, createExplorerCollector, type ExplorerData } from '../../../src/report/explorer-data.ts';
import { fieldText } from '../../../src/report/field-text.ts';
import { readCasePrompts } from '../../../src/report/read-prompts.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

function selectCases(ids: string[], order: Map<string, number> | null, max?: number): string[] {
  const collector = createExplorerCollector({ candidates: ['a/x'], order, max });
  for (const caseId of ids) collector.add(makeRecord({ candidate: 'a/x', caseId, status: 'passed' }));
  return collector.caseIds();
}

function buildExplorerData(
  input: {
    candidates: string[];
    caseIds: string[];
    fields: Map<string, Record<string, unknown>> | null;
  },
  records: SampleRecord[],
): ExplorerData {
  // the shown cases come first in the dataset order; the rest are ordered after them
  const order = new Map(input.caseIds.map((id, i) => [id, i]));
  const collector = createExplorerCollector({
    candidates: input.candidates,
    order,
    max: input.caseIds.length,
  });
  for (const r of records) collector.add(r);
  return collector.finish(input.fields);
}

describe('explorer case selection', () => {
  it('orders by the dataset, then naturally, and caps', () => {
    const order = new Map([
      ['b', 0],
      ['a', 1],
    ]);
    expect(selectCases(['case-10', 'a', 'case-2', 'b'], order)).toEqual(['b', 'a', 'case-2', 'case-10']);
    expect(selectCases(['c-3', 'c-1', 'c-2'], null, 2)).toEqual(['c-1', 'c-2']);
  });

  it('in one bounded pass, shows the same cases and samples as sorting everything', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(60), { maxLength: 300 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (caseNums, max, withOrder) => {
          const ids = caseNums.map((n) => `c${n}`);
          // the dataset lists the even cases only, in reverse; the rest sort naturally after them
          const order = withOrder
            ? new Map(Array.from({ length: 31 }, (_, i) => `c${60 - 2 * i}`).map((id, i) => [id, i] as const))
            : null;
          const collector = createExplorerCollector({ candidates: ['a/x'], order, max });
          ids.forEach((caseId, repeat) => {
            collector.add(makeRecord({ candidate: 'a/x', caseId, repeat, status: 'passed' }));
          });
          const distinct = [...new Set(ids)];
          const rank = (id: string) => order?.get(id) ?? 1000 + Number(id.slice(1));
          const expected = distinct.sort((a, b) => rank(a) - rank(b)).slice(0, max);
          const data = collector.finish(null);
          expect(data.cases.map((c) => c.id)).toEqual(expected);
          expect(data.totalCases).toBe(new Set(ids).size);
          for (const c of data.cases)
            expect(c.samples.map((s) => s.repeat)).toEqual(
              ids.flatMap((id, repeat) => (id === c.id ? [repeat] : [])),
            );
        },
      ),
    );
  });
});

describe('buildExplorerData', () => {
  it('groups samples by case in candidate order and flags failures and disagreements', () => {
    const data = buildExplorerData(
      {
        candidates: ['a/x', 'b/x'],
        caseIds: ['1', '2', '3'],
        fields: new Map([['1', { question: 'q1', expected: 4, extra: { n: 1 } }]]),
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
    // case 99 is recorded but not shown: the explorer is full
    expect(data.candidates).toEqual(['a/x', 'b/x', 'c/new']);
    expect(data.totalCases).toBe(4);
    expect(data.cases.map((c) => c.id)).toEqual(['1', '2', '3']);
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

  it('treats repeats as a pass rate per candidate', () => {
    const data = buildExplorerData({ candidates: ['a/x', 'b/x'], caseIds: ['1'], fields: null }, [
      makeRecord({ candidate: 'a/x', caseId: '1', status: 'passed', repeat: 0 }),
      makeRecord({ candidate: 'a/x', caseId: '1', status: 'failed', repeat: 1 }),
      makeRecord({ candidate: 'b/x', caseId: '1', status: 'failed', repeat: 1 }),
      makeRecord({ candidate: 'b/x', caseId: '1', status: 'passed', repeat: 0 }),
    ]);
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

  it('carries each sample’s figures and outcome, and a case id once', () => {
    const data = buildExplorerData(
      { candidates: ['a/x'], caseIds: ['1', '2'], fields: new Map([['1', { id: '1', q: 'why' }]]) },
      [
        makeRecord({
          candidate: 'a/x',
          caseId: '1',
          status: 'passed',
          costUsd: null,
          tokens: { input: 10, cacheRead: 5, cacheWrite: 0, output: 7, reasoning: 2 },
          latencyMs: 42,
          attempts: 2,
          calls: 3,
        }),
        makeRecord({
          candidate: 'a/x',
          caseId: '2',
          status: 'error',
          error: { kind: 'task', message: 'no answer', status: null },
        }),
      ],
    );
    const [one, two] = data.cases;
    expect(one!.samples[0]!.figures).toEqual([null, 10, 5, 7, 2, 42, 2, 3]);
    expect(one!.inputs).toEqual([['q', 'why']]);
    expect(one!.samples[0]!.outcome).toBe('passed');
    // a task that threw is the candidate's doing: a failure, where a server error is not scored
    expect(two!.samples[0]!.outcome).toBe('failed');
    expect(data.candidatePrompts).toEqual(['x']);
  });

  it('embeds the messages of the shown cases once per hash, and each text once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-explorer-'));
    const system = { role: 'system' as const, content: 'Be brief.' };
    const m1 = [system, { role: 'user' as const, content: 'q1' }];
    const m2 = [system, { role: 'user' as const, content: 'q2' }];
    await writePrompts(join(dir, 'prompts.jsonl'), [
      promptLine('1', 'x', m1),
      promptLine('2', 'x', m2),
      promptLine('3', 'x', m1),
      promptLine('hidden', 'x', [{ role: 'user', content: 'not shown' }]),
    ]);
    const prompts = await readCasePrompts(join(dir, 'prompts.jsonl'), new Set(['1', '2', '3']));
    await rm(dir, { recursive: true, force: true });
    const collector = createExplorerCollector({ candidates: ['a/x'], order: null });
    for (const caseId of ['1', '2', '3'])
      collector.add(makeRecord({ candidate: 'a/x', caseId, status: 'passed' }));
    const data = collector.finish(null, prompts);
    expect(data.hasMessages).toBe(true);
    expect(data.messageTexts).toEqual(['Be brief.', 'q1', 'q2']);
    expect(Object.keys(data.messages)).toHaveLength(2);
    const [one, , three] = data.cases;
    expect(one!.prompts).toEqual(three!.prompts);
    const [[prompt, hash]] = one!.prompts as [[string, string]];
    expect(prompt).toBe('x');
    expect(data.messages[hash]).toEqual([
      ['system', 0],
      ['user', 1],
    ]);
    expect(createExplorerCollector({ candidates: [], order: null }).finish(null).hasMessages).toBe(false);
  });
});
