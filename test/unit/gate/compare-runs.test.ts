import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../src/gate/compare-runs.ts';
import { collectOutcomes } from '../../../src/gate/outcomes.ts';
import { renderComparison } from '../../../src/gate/render-comparison.ts';
import { makeRun, type RunSpec } from '../../helpers/gate-runs.ts';

async function input(spec: RunSpec) {
  const { summary, records } = makeRun(spec);
  return { summary, outcomes: await collectOutcomes(records) };
}

const A: RunSpec = {
  runId: 'A',
  cases: 10,
  candidates: [
    { id: 'm/p', outcome: (i) => i < 8, costPerSample: 0.001 },
    { id: 'old/p', outcome: () => true },
  ],
};
const B: RunSpec = {
  runId: 'B',
  cases: 10,
  candidates: [
    { id: 'm/p', outcome: (i) => i !== 1 && i !== 2 && i !== 9, costPerSample: 0.0012 },
    { id: 'new/p', outcome: () => false },
  ],
};

describe('compareRuns', () => {
  it('gives deltas, the paired test and the flipped cases per candidate', async () => {
    const cmp = compareRuns(await input(A), await input(B));
    expect(cmp.candidates.map((c) => c.candidate)).toEqual(['m/p', 'old/p', 'new/p']);
    const m = cmp.candidates[0]!;
    expect(m.accuracy).toEqual({ a: 0.8, b: 0.7, delta: expect.closeTo(-0.1, 12) });
    expect(m.paired).toMatchObject({ cases: 10, p: 1, method: 'mcnemar-exact', onlyA: 0, onlyB: 0 });
    expect(m.passToFail.map((x) => x.caseId)).toEqual(['case-001', 'case-002']);
    expect(m.failToPass).toEqual([{ caseId: 'case-008', a: [0, 1], b: [1, 1] }]);
    expect(m.costPerSuccessUsd.relative).toBeCloseTo(0.012 / 7 / (0.01 / 8) - 1, 9);
    expect(m.costUsd.delta).toBeCloseTo(0.002, 12);
    expect(cmp.candidates[1]).toMatchObject({ inA: true, inB: false, paired: null, passToFail: [] });
    expect(cmp.candidates[2]).toMatchObject({ inA: false, inB: true });
  });

  it('notes different suites or suite hashes', async () => {
    expect(compareRuns(await input(A), await input({ ...B, suiteHash: 'other' })).notes[0]).toMatch(
      /suite changed/,
    );
    expect(compareRuns(await input(A), await input({ ...B, suite: 'x' })).notes[0]).toMatch(
      /different suites/,
    );
  });

  it('renders a table, the flipped cases (with repeats shown as k/n) and notes', async () => {
    const a = await input({ ...A, repeats: 2 });
    const b = await input({ ...B, repeats: 2 });
    const text = renderComparison(compareRuns(a, b), { color: false, limit: 1 });
    expect(text).toMatch(/^A: A {2}B: B {2}\(suite arith\)\n/);
    expect(text).toMatch(
      /m\/p\s+80\.0% -> 70\.0%\s+-10\.0 pts\s+1\s+\$0\.00125 -> \$0\.00171\s+\+37\.1%\s+\$0\.02 -> \$0\.024\s+\+\$0\.004/,
    );
    expect(text).toContain('m/p: 2 cases pass -> fail, 1 fail -> pass');
    expect(text).toContain('pass -> fail: case-001 (2/2 -> 0/2), ... and 1 more (--json lists all)');
    expect(text).toContain('note: old/p is only in run A.');
    expect(text).toContain('note: new/p is only in run B.');
  });
});
