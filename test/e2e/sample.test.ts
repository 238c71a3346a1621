import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRow } from '../../src/dataset/case-row.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { planCases } from '../../src/runner/plan.ts';
import { cli, fixtureProject, readRecords } from '../helpers/spend.ts';

const rows = (n: number): CaseRow[] => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, fields: { i } }));

describe('--sample N: a seeded subset of cases', () => {
  it('takes N distinct cases of the dataset, the same for the same seed, in the run order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer(),
        (n, sample, seed) => {
          const cases = rows(n);
          const a = planCases(cases, { seed, sample });
          expect(a).toHaveLength(Math.min(n, sample));
          expect(new Set(a.map((c) => c.id)).size).toBe(a.length);
          expect(a.every((c) => cases.includes(c))).toBe(true);
          expect(planCases(cases, { seed, sample })).toEqual(a);
          // the subset is the head of the full seeded order: a larger sample extends a smaller one
          expect(planCases(cases, { seed }).slice(0, a.length)).toEqual(a);
        },
      ),
      { numRuns: 200, seed: 6 },
    );
  });

  it('differs between seeds and does not just take the first rows', () => {
    const cases = rows(200);
    const a = planCases(cases, { seed: 1, sample: 20 }).map((c) => c.id);
    const b = planCases(cases, { seed: 2, sample: 20 }).map((c) => c.id);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(cases.slice(0, 20).map((c) => c.id));
  });

  describe('in a run', () => {
    let sim: SimServer;
    beforeAll(async () => {
      sim = await startSimServer({ latencyMs: 1 });
    });
    afterAll(() => sim.close());

    it('gives every candidate the same cases, and sends only those', async () => {
      const dir = await fixtureProject('spend-cache', sim);
      sim.resetStats();
      const r = await cli(
        ['run', 'cache', '--sample', '7', '--repeats', '1', '--no-cache', '--quiet', '--out', 's1'],
        dir,
      );
      expect(r.code).toBe(0);
      const records = await readRecords(join(dir, 's1'));
      const byCandidate = new Map<string, string[]>();
      for (const rec of records)
        byCandidate.set(rec.candidate, [...(byCandidate.get(rec.candidate) ?? []), rec.caseId]);
      expect([...byCandidate.keys()].sort()).toEqual(['budget/cot', 'budget/terse', 'mid/cot', 'mid/terse']);
      const sets = [...byCandidate.values()].map((ids) => [...ids].sort());
      for (const s of sets) expect(s).toEqual(sets[0]);
      expect(sets[0]).toHaveLength(7);
      expect(sim.stats.requests).toBe(28);
      // and the same subset next time
      const again = await cli(
        ['run', 'cache', '--sample', '7', '--repeats', '1', '--no-cache', '--quiet', '--out', 's2'],
        dir,
      );
      expect(again.code).toBe(0);
      const ids = (await readRecords(join(dir, 's2'))).map((x) => x.caseId);
      expect([...new Set(ids)].sort()).toEqual(sets[0]);
    });
  });
});
