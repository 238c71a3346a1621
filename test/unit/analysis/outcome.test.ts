import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../src/analysis/aggregate.ts';
import { outcomeOf } from '../../../src/analysis/outcome.ts';
import { choosePick } from '../../../src/analysis/pick.ts';
import { provisionalLabel } from '../../../src/analysis/summarize.ts';
import type { ErrorKind, SampleRecord } from '../../../src/log/records-file.ts';
import { makeRecord } from '../../helpers/fixture-run.ts';

function errorRecord(
  candidate: string,
  caseId: string,
  kind: ErrorKind,
  message = `${kind} happened`,
): SampleRecord {
  return makeRecord({ candidate, caseId, status: 'error', error: { kind, message, status: null } });
}

describe('outcomeOf', () => {
  it('counts the candidate’s own errors as failures and the rest as not scored', () => {
    expect(outcomeOf({ status: 'passed', error: null })).toBe('passed');
    expect(outcomeOf({ status: 'failed', error: null })).toBe('failed');
    for (const kind of ['task', 'limit'] as const)
      expect(
        outcomeOf({ status: 'error', error: { kind, message: 'task failed: boom', status: null } }),
      ).toBe('failed');
    const notScored: ErrorKind[] = [
      'rate_limit',
      'server',
      'timeout',
      'connection',
      'malformed',
      'auth',
      'bad_request',
      'budget',
    ];
    for (const kind of notScored)
      expect(outcomeOf({ status: 'error', error: { kind, message: 'x', status: null } })).toBe('not_scored');
  });

  it('does not blame the candidate for a scorer that threw', () => {
    const error = { kind: 'scorer' as const, message: 'scorer failed: no reference', status: null };
    expect(outcomeOf({ status: 'error', error })).toBe('not_scored');
  });
});

describe('coverage', () => {
  const meta = (id: string, planned: number) => ({
    id,
    model: id.split('/')[0]!,
    prompt: 'p',
    provider: 'sim',
    planned,
  });

  it('divides passes by scored samples and reports coverage, kinds and examples', () => {
    const agg = createAggregator([meta('a/p', 10)]);
    for (let i = 0; i < 6; i++) agg.add(makeRecord({ candidate: 'a/p', caseId: `c${i}`, status: 'passed' }));
    agg.add(makeRecord({ candidate: 'a/p', caseId: 'c6', status: 'failed' }));
    agg.add(errorRecord('a/p', 'c7', 'task', 'task failed: boom'));
    agg.add(errorRecord('a/p', 'c8', 'connection', 'connection error: ECONNREFUSED'));
    agg.add(errorRecord('a/p', 'c9', 'connection', 'second message'));
    const [c] = agg.finish({ qualityBar: null, tasksPerDay: null });
    expect(c).toMatchObject({
      samples: 10,
      passed: 6,
      failed: 1,
      errored: 3,
      scored: 8,
      notScored: 2,
      accuracy: 6 / 8,
      coverage: 0.8,
      incomplete: true,
      onFrontier: false,
      errorsByKind: { task: 1, connection: 2 },
      errorExamples: { task: 'task failed: boom', connection: 'connection error: ECONNREFUSED' },
    });
    // spend counts every attempt; cost per success divides it all by the successes
    expect(c!.costUsd).toBeCloseTo(10 * 0.00002);
    expect(c!.costPerSuccessUsd).toBeCloseTo((10 * 0.00002) / 6);
  });

  it('does not count samples early stopping skipped against coverage', () => {
    const agg = createAggregator([meta('a/p', 100)]);
    for (let i = 0; i < 20; i++) agg.add(makeRecord({ candidate: 'a/p', caseId: `c${i}`, status: 'failed' }));
    agg.stopEarly('a/p', 'its 95% lower bound cannot reach 85%');
    const [c] = agg.finish({ qualityBar: 0.85, tasksPerDay: null });
    expect(c).toMatchObject({ earlyStopped: true, notRun: 80, coverage: 1, incomplete: false });
  });

  it('counts samples not run for another reason against coverage', () => {
    const agg = createAggregator([meta('a/p', 100)]);
    for (let i = 0; i < 50; i++) agg.add(makeRecord({ candidate: 'a/p', caseId: `c${i}`, status: 'passed' }));
    const [c] = agg.finish({ qualityBar: null, tasksPerDay: null, minCoverage: 0.98 });
    expect(c).toMatchObject({ coverage: 0.5, incomplete: true });
    const [allowed] = agg.finish({ qualityBar: null, tasksPerDay: null, minCoverage: 0 });
    expect(allowed).toMatchObject({ coverage: 0.5, incomplete: false });
  });
});

describe('the pick and incomplete candidates', () => {
  const cand = (id: string, accuracy: number, cost: number, incomplete = false) => ({
    id,
    accuracy,
    accuracyLow: accuracy - 0.05,
    accuracyHigh: accuracy + 0.03,
    costPerSuccessUsd: cost,
    incomplete,
  });

  it('never picks an incomplete candidate', () => {
    const choice = choosePick([cand('cheap/p', 0.99, 0.001, true), cand('dear/p', 0.95, 0.01)], 0.85);
    expect(choice.pick?.id).toBe('dear/p');
  });

  it('has nothing to recommend when every candidate is incomplete', () => {
    expect(choosePick([cand('a/p', 0.99, 0.001, true)], 0.85)).toMatchObject({
      rule: 'none-complete',
      pick: null,
    });
  });

  it('labels a partial run’s pick provisional, unless incompleteness is allowed', () => {
    const cands = [
      { samples: 20, notRun: 80 },
      { samples: 9, notRun: 101 },
    ];
    expect(provisionalLabel(cands, 'interrupted', 0.98)).toBe('provisional: 29 of 210 samples');
    expect(provisionalLabel(cands, 'replay_miss', 0.98)).toBe('provisional: 29 of 210 samples');
    expect(provisionalLabel(cands, 'budget', 0)).toBeNull();
    expect(provisionalLabel(cands, null, 0.98)).toBeNull();
    expect(provisionalLabel(cands, 'candidate_failed', 0.98)).toBeNull();
  });
});
