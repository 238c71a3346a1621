import { describe, expect, it } from 'vitest';
import type { ResolvedSuite } from '../../../src/config/resolved.ts';
import { makePlan, planCases, sampleKey } from '../../../src/runner/plan.ts';

const cases = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, fields: { id: `c${i}` } }));
const candidate = (model: string, prompt: string) =>
  ({
    id: `${model}/${prompt}`,
    model: { id: model },
    prompt: { id: prompt },
  }) as ResolvedSuite['candidates'][number];
const suite = {
  cases,
  seed: 7,
  repeats: 2,
  candidates: [candidate('a', 'p'), candidate('b', 'p'), candidate('a', 'q')],
} as unknown as ResolvedSuite;

describe('makePlan', () => {
  it('orders cases like planCases and indexes samples case-major, then by repeat', () => {
    const plan = makePlan(suite, {});
    expect(plan.cases).toEqual(planCases(cases, { seed: 7 }));
    expect(plan.repeats).toBe(2);
    expect(plan.perCandidate).toBe(24);
    plan.cases.forEach((cs, i) => {
      expect(plan.caseIndex(cs.id)).toBe(i);
      expect(plan.caseById(cs.id)).toBe(cs);
      expect(plan.indexOf(cs.id, 1)).toBe(i * 2 + 1);
    });
    expect(plan.indexOf('nope', 0)).toBeUndefined();
    expect(plan.caseById('nope')).toBeUndefined();
    expect(plan.keyOf('a/p', 'c1', 0)).toBe(sampleKey('a/p', 'c1', 0));
  });

  it('applies the selection: models, prompts, repeats, sample and shard', () => {
    const plan = makePlan(suite, { models: ['a'], prompts: ['p'], repeats: 3, sample: 5 });
    expect(plan.candidates.map((c) => c.id)).toEqual(['a/p']);
    expect(plan.cases.map((c) => c.id)).toEqual(planCases(cases, { seed: 7, sample: 5 }).map((c) => c.id));
    expect(plan.perCandidate).toBe(15);
    const shards = [1, 2, 3].map((index) =>
      makePlan(suite, { shard: { index, count: 3 } }).cases.map((c) => c.id),
    );
    expect(shards.flat().sort()).toEqual(cases.map((c) => c.id).sort());
  });
});
