import { describe, expect, it } from 'vitest';
import { collectOutcomes, compareIds, own, pairOutcomes, pooledRate } from '../../../src/gate/outcomes.ts';
import { makeRecord } from '../../helpers/gate-runs.ts';

describe('collectOutcomes', () => {
  it('counts passes over repeats; a task error is a sample but not a success, a server error is not scored', async () => {
    const taskError = {
      ...makeRecord('m/p', 'b', 3, 'error'),
      error: { kind: 'task' as const, message: 'task failed: boom', status: null },
    };
    const out = await collectOutcomes([
      makeRecord('m/p', 'b', 0, 'passed'),
      makeRecord('m/p', 'b', 1, 'error'),
      makeRecord('m/p', 'b', 2, 'passed'),
      taskError,
      makeRecord('m/p', 'a', 0, 'failed'),
      makeRecord('z/p', 'a', 0, 'passed'),
      makeRecord('z/p', 'c', 0, 'error'),
    ]);
    expect(JSON.stringify(out)).toBe('{"m/p":{"a":[0,1],"b":[2,3]},"z/p":{"a":[1,1]}}');
  });

  it('counts a repeated (candidate, case, repeat) once, the later record winning', async () => {
    const out = await collectOutcomes([
      makeRecord('m/p', 'a', 0, 'failed'),
      makeRecord('m/p', 'a', 0, 'passed'),
    ]);
    expect(out['m/p']?.a).toEqual([1, 1]);
  });

  it('reads from an async iterable and treats __proto__ and constructor as plain ids', async () => {
    async function* gen() {
      yield makeRecord('m/p', '__proto__', 0, 'passed');
      yield makeRecord('m/p', 'constructor', 0, 'failed');
    }
    const out = await collectOutcomes(gen());
    const cases = out['m/p']!;
    expect(Object.keys(cases)).toEqual(['__proto__', 'constructor']);
    expect(own(cases, '__proto__')).toEqual([1, 1]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('pairOutcomes', () => {
  it('pairs only cases present in both and counts the rest', () => {
    const r = pairOutcomes({ a: [1, 1], b: [0, 1], c: [1, 1] }, { b: [1, 1], c: [1, 1], d: [0, 1] });
    expect(r.caseIds).toEqual(['b', 'c']);
    expect(r.pairs).toEqual([
      { baseline: [0, 1], current: [1, 1] },
      { baseline: [1, 1], current: [1, 1] },
    ]);
    expect(r).toMatchObject({ onlyBaseline: 1, onlyCurrent: 1 });
  });

  it('does not mistake inherited properties for cases', () => {
    const r = pairOutcomes({ constructor: [1, 1] as const }, {});
    expect(r.pairs).toEqual([]);
    expect(r.onlyBaseline).toBe(1);
  });
});

describe('pooledRate and compareIds', () => {
  it('pools passes over samples', () => {
    expect(
      pooledRate([
        [2, 3],
        [1, 1],
      ]),
    ).toBe(0.75);
    expect(pooledRate([])).toBeNull();
  });

  it('orders by code unit, not locale', () => {
    expect(['b', 'B', 'a', 'é'].sort(compareIds)).toEqual(['B', 'a', 'b', 'é']);
  });
});
