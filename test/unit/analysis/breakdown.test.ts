import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../src/analysis/aggregate.ts';
import { caseGroupsOf, groupValues, NO_VALUE_GROUP } from '../../../src/analysis/breakdown.ts';
import type { SampleRecord } from '../../../src/log/records-file.ts';
import { clusteredWilson } from '../../../src/stats/clustered-wilson.ts';
import { wilson } from '../../../src/stats/wilson.ts';
import { makeRecord } from '../../helpers/gate-runs.ts';

const CASES = [
  { id: 'a1', fields: { task: 'arith', level: 'easy' } },
  { id: 'a2', fields: { task: 'arith', level: 'hard' } },
  { id: 'a3', fields: { task: 'arith', level: 'hard' } },
  { id: 's1', fields: { task: 'sentiment', level: ['easy', 'short'] } },
  { id: 's2', fields: { task: 'sentiment' } },
];

const meta = (id: string, planned: number, repeats = 1) => ({
  id,
  model: 'm',
  prompt: 'p',
  provider: 'sim',
  planned,
  repeats,
});

function scored(r: SampleRecord, pass: boolean[]): SampleRecord {
  return { ...r, scores: pass.map((p, i) => ({ scorer: `s${i}`, pass: p, score: p ? 1 : 0, reason: '' })) };
}

describe('groupValues', () => {
  it('puts a case in one group per list element, and a missing value in (none)', () => {
    expect(groupValues('x')).toEqual(['x']);
    expect(groupValues(3)).toEqual(['3']);
    expect(groupValues(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(groupValues(undefined)).toEqual([NO_VALUE_GROUP]);
    expect(groupValues(null)).toEqual([NO_VALUE_GROUP]);
    expect(groupValues([])).toEqual([NO_VALUE_GROUP]);
  });
});

describe('the groupBy breakdown', () => {
  it('gives accuracy with its Wilson interval, cost per success and coverage per candidate per group', () => {
    const agg = createAggregator([meta('x/p', 5)], { groups: caseGroupsOf(['task', 'level'], CASES) });
    const status = { a1: 'passed', a2: 'passed', a3: 'failed', s1: 'passed', s2: 'error' } as const;
    for (const c of CASES) agg.add(makeRecord('x/p', c.id, 0, status[c.id as keyof typeof status], 0.01));
    const cands = agg.finish({ qualityBar: null, tasksPerDay: null });
    const b = agg.breakdown(cands);
    expect(b.groupBy).toEqual(['task', 'level']);
    const arith = b.groups!.find((g) => g.column === 'task' && g.value === 'arith')!;
    expect(arith).toMatchObject({ cases: 3, samples: 3, passed: 2, scored: 3, coverage: 1 });
    expect(arith.accuracy).toBeCloseTo(2 / 3);
    expect(arith.accuracyLow).toBeCloseTo(wilson(2, 3)!.low);
    expect(arith.costPerSuccessUsd).toBeCloseTo(0.03 / 2);
    // an error with no fault of the candidate's is not scored: coverage 1 of 2
    const senti = b.groups!.find((g) => g.column === 'task' && g.value === 'sentiment')!;
    expect(senti).toMatchObject({ cases: 2, samples: 2, passed: 1, scored: 1, coverage: 0.5, accuracy: 1 });
    // arith (67%) is weaker than sentiment (100%)
    expect(arith.weakest).toBe(true);
    expect(senti.weakest).toBe(false);
    // a list value puts s1 in both easy and short; s2 has no level
    const level = b.groups!.filter((g) => g.column === 'level').map((g) => [g.value, g.cases]);
    expect(level).toEqual([
      [NO_VALUE_GROUP, 1],
      ['easy', 2],
      ['hard', 2],
      ['short', 1],
    ]);
  });

  it('counts cases, not samples, in the interval when there are repeats', () => {
    const agg = createAggregator([meta('x/p', 15, 3)], { groups: caseGroupsOf(['task'], CASES) });
    for (const c of CASES)
      for (let r = 0; r < 3; r++) agg.add(makeRecord('x/p', c.id, r, c.id === 'a3' ? 'failed' : 'passed'));
    const b = agg.breakdown(agg.finish({ qualityBar: null, tasksPerDay: null }));
    const arith = b.groups!.find((g) => g.value === 'arith')!;
    expect(arith.samples).toBe(9);
    const cases = clusteredWilson([
      [3, 3],
      [3, 3],
      [0, 3],
    ])!;
    expect(arith.accuracyLow).toBeCloseTo(cases.low);
    expect(arith.accuracyLow).toBeLessThan(wilson(6, 9)!.low);
  });

  it('does not count samples an early stop chose not to run as a gap in coverage', () => {
    const agg = createAggregator([meta('x/p', 5)], { groups: caseGroupsOf(['task'], CASES) });
    agg.add(makeRecord('x/p', 'a1', 0, 'failed'));
    agg.stopEarly('x/p', 'its 95% upper bound is below the bar');
    const b = agg.breakdown(agg.finish({ qualityBar: 0.9, tasksPerDay: null }));
    const arith = b.groups!.find((g) => g.value === 'arith')!;
    expect(arith.coverage).toBe(1);
    // a group nothing ran in has no figures
    const senti = b.groups!.find((g) => g.value === 'sentiment')!;
    expect(senti).toMatchObject({ samples: 0, accuracy: null, coverage: null, weakest: false });
  });

  it('gives each scorer its pass rate per candidate, with or without groupBy', () => {
    const agg = createAggregator([meta('x/p', 2), meta('y/p', 2)]);
    agg.add(scored(makeRecord('x/p', 'a1', 0, 'failed'), [true, false]));
    agg.add(scored(makeRecord('x/p', 'a2', 0, 'passed'), [true, true]));
    agg.add(scored(makeRecord('y/p', 'a1', 0, 'failed'), [false, false]));
    const b = agg.breakdown(agg.finish({ qualityBar: null, tasksPerDay: null }));
    expect(b.groupBy).toBeUndefined();
    expect(b.scorers).toEqual([
      { candidate: 'x/p', scorer: 's0', scored: 2, passed: 2, passRate: 1 },
      { candidate: 'x/p', scorer: 's1', scored: 2, passed: 1, passRate: 0.5 },
      { candidate: 'y/p', scorer: 's0', scored: 1, passed: 0, passRate: 0 },
      { candidate: 'y/p', scorer: 's1', scored: 1, passed: 0, passRate: 0 },
    ]);
  });
});
