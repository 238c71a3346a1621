import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../../../src/gate/build-baseline.ts';
import { checkBar, checkCost } from '../../../src/gate/checks.ts';
import { type GateInput, gateRun, gateSpecOf } from '../../../src/gate/compare.ts';
import { collectOutcomes } from '../../../src/gate/outcomes.ts';
import type { Verdict } from '../../../src/gate/types.ts';
import type { Baseline } from '../../../src/log/baseline-file.ts';
import { makeRun, passesAt, type RunSpec, summarizeCandidate } from '../../helpers/gate-runs.ts';

const good = passesAt(0.92);
const base: RunSpec = {
  runId: 'base',
  cases: 200,
  // cheap/terse's 95% lower bound (about 79%) clears it: the bar check uses the pick's rule
  qualityBar: 0.75,
  candidates: [
    { id: 'good/terse', outcome: good, costPerSample: 0.001 },
    { id: 'cheap/terse', outcome: passesAt(0.85, 1), costPerSample: 0.0002 },
  ],
};

async function input(spec: RunSpec): Promise<GateInput> {
  const { summary, records } = makeRun(spec);
  return { summary, outcomes: await collectOutcomes(records) };
}

async function baselineOf(spec: RunSpec): Promise<Baseline> {
  const { summary, records } = makeRun(spec);
  return buildBaseline(summary, records);
}

function verdict(verdicts: Verdict[], candidate: string, check: string): Verdict {
  const v = verdicts.find((x) => x.candidate === candidate && x.check === check);
  if (!v) throw new Error(`no verdict for ${candidate} ${check}`);
  return v;
}

async function gate(current: RunSpec, baselineSpec: RunSpec | null = base) {
  const cur = await input(current);
  return gateRun(cur, baselineSpec ? await baselineOf(baselineSpec) : null, gateSpecOf(cur.summary));
}

describe('gateRun', () => {
  it('passes a run identical to the baseline, one verdict per candidate and check', async () => {
    const r = await gate({ ...base, runId: 'cur' });
    expect(r.passed).toBe(true);
    expect(r.counts).toEqual({ pass: 8, fail: 0, skip: 0, inconclusive: 0 });
    expect(r.verdicts.map((v) => `${v.candidate}:${v.check}`)).toEqual([
      'good/terse:bar',
      'good/terse:accuracy',
      'good/terse:cost',
      'good/terse:tokens',
      'cheap/terse:bar',
      'cheap/terse:accuracy',
      'cheap/terse:cost',
      'cheap/terse:tokens',
    ]);
    expect(verdict(r.verdicts, 'good/terse', 'accuracy')).toMatchObject({
      delta: 0,
      p: 1,
      method: 'mcnemar-exact',
    });
    expect(r.notes).toEqual([]);
  });

  it('fails a candidate made worse on purpose, and only that one', async () => {
    const worse = (i: number, rep: number) => good(i, rep) && i % 5 !== 0;
    const r = await gate({
      ...base,
      runId: 'cur',
      candidates: [{ ...base.candidates[0]!, outcome: worse }, base.candidates[1]!],
    });
    expect(r.passed).toBe(false);
    const v = verdict(r.verdicts, 'good/terse', 'accuracy');
    expect(v.status).toBe('fail');
    expect(v.delta!).toBeLessThan(-0.1);
    expect(v.p!).toBeLessThan(0.001);
    expect(v.message).toMatch(/significant/);
    expect(verdict(r.verdicts, 'cheap/terse', 'accuracy').status).toBe('pass');
  });

  it('passes a large drop that is not significant (few cases), saying it is likely noise', async () => {
    const small: RunSpec = { ...base, cases: 12, qualityBar: null };
    const all = () => true;
    const b = { ...small, candidates: [{ id: 'good/terse', outcome: all }] };
    const c = { ...small, runId: 'cur', candidates: [{ id: 'good/terse', outcome: (i: number) => i > 1 }] };
    const r = await gate(c, b);
    const v = verdict(r.verdicts, 'good/terse', 'accuracy');
    expect(v.delta!).toBeCloseTo(-2 / 12);
    expect(v.p).toBe(0.25); // one-sided: P(0 of 2 discordant cases went up) = 1/4
    expect(v.status).toBe('pass');
    expect(v.message).toMatch(/not significantly \(likely noise\)/);
  });

  it('passes a significant drop within maxAccuracyDrop', async () => {
    const b = { ...base, cases: 1000, qualityBar: null, candidates: [{ id: 'm/p', outcome: () => true }] };
    const c = { ...b, runId: 'cur', candidates: [{ id: 'm/p', outcome: (i: number) => i >= 15 }] };
    const v = verdict((await gate(c, b)).verdicts, 'm/p', 'accuracy');
    expect(v.p!).toBeLessThan(0.001);
    expect(v.delta!).toBeCloseTo(-0.015);
    expect(v.status).toBe('pass');
  });

  it('does not fail a drop of exactly maxAccuracyDrop (float slack)', async () => {
    const b = {
      ...base,
      cases: 1000,
      qualityBar: null,
      candidates: [{ id: 'm/p', outcome: (i: number) => i >= 80 }],
    };
    const c = { ...b, runId: 'cur', candidates: [{ id: 'm/p', outcome: (i: number) => i >= 100 }] };
    const v = verdict((await gate(c, b)).verdicts, 'm/p', 'accuracy');
    expect(v.delta!).toBeCloseTo(-0.02, 12);
    expect(v.status).toBe('pass');
  });

  it('pairs only cases present in both runs', async () => {
    const c = { ...base, runId: 'cur', skipCases: [0, 1, 2] };
    const v = verdict((await gate(c)).verdicts, 'good/terse', 'accuracy');
    expect(v.status).toBe('pass');
    expect(v.message).toMatch(/197 paired cases/);
    expect(v.message).toMatch(/3 cases only in the baseline, 0 only in this run/);
  });

  it('checks only the bar for a candidate new to this run', async () => {
    const c = {
      ...base,
      runId: 'cur',
      candidates: [...base.candidates, { id: 'new/terse', outcome: passesAt(0.5, 3) }],
    };
    const r = await gate(c);
    expect(verdict(r.verdicts, 'new/terse', 'bar').status).toBe('fail');
    expect(verdict(r.verdicts, 'new/terse', 'accuracy')).toMatchObject({
      status: 'skip',
      message: expect.stringMatching(/New candidate/),
    });
    expect(verdict(r.verdicts, 'new/terse', 'cost').status).toBe('skip');
  });

  it('reports a candidate missing from this run without failing', async () => {
    const r = await gate({ ...base, runId: 'cur', candidates: [base.candidates[0]!] });
    expect(r.passed).toBe(true);
    for (const check of ['bar', 'accuracy', 'cost', 'tokens']) {
      expect(verdict(r.verdicts, 'cheap/terse', check)).toMatchObject({
        status: 'skip',
        message: expect.stringMatching(/not in this run/),
      });
    }
    expect(r.notes.join('\n')).toMatch(/Not in this run, so not gated: cheap\/terse/);
  });

  it('notes a changed suite hash and the models whose price changed, without failing', async () => {
    const price = (input: number) => ({
      input,
      output: 1,
      cacheRead: 0.1,
      cacheWrite: input,
      batchDiscount: 1,
    });
    const priced = { ...base, prices: { good: price(1), cheap: price(0.2) } };
    const r = await gate(
      {
        ...priced,
        runId: 'cur',
        suiteHash: 'hash-bbbbbbbbbbbb',
        prices: { good: price(1), cheap: price(0.3) },
      },
      priced,
    );
    expect(r.passed).toBe(true);
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/suite changed since the baseline \(suite hash hash-aaaaaaa.* -> hash-bbbbbbb/);
    expect(notes).toContain(
      'Prices changed since the baseline for 1 model: cheap (input 0.2 → 0.3, cacheWrite 0.2 → 0.3)',
    );
    expect(notes).not.toMatch(/good \(/);
  });

  it('notes no price change when only the table date moved and every model kept its price', async () => {
    const r = await gate({ ...base, runId: 'cur', pricesAsOf: '2025-06-01' });
    expect(r.notes.join('\n')).not.toMatch(/[Pp]rice/);
  });

  it('compares table dates for a baseline that kept no per-model prices', async () => {
    const cur = await input({ ...base, runId: 'cur', pricesAsOf: '2025-06-01' });
    const { prices: _p, ...old } = await baselineOf(base);
    const r = gateRun(cur, old, gateSpecOf(cur.summary));
    expect(r.notes.join('\n')).toMatch(
      /price table changed since the baseline \(asOf 2025-01-01 -> 2025-06-01\)/,
    );
  });

  it('with no baseline, checks only the bar and says how to create one', async () => {
    const r = await gate({ ...base, runId: 'cur' }, null);
    expect(r.baseline).toBeNull();
    expect(r.counts).toEqual({ pass: 2, fail: 0, skip: 6, inconclusive: 0 });
    expect(r.notes[0]).toMatch(/--update-baseline/);
  });

  it('notes an incomplete run', async () => {
    const r = await gate({ ...base, runId: 'cur', stoppedReason: 'budget' });
    expect(r.notes.join('\n')).toMatch(/incomplete \(stopped: budget\)/);
  });

  it('fails on a 20% cost rise', async () => {
    const c = {
      ...base,
      runId: 'cur',
      candidates: [{ ...base.candidates[0]!, costPerSample: 0.0012 }, base.candidates[1]!],
    };
    const v = verdict((await gate(c)).verdicts, 'good/terse', 'cost');
    expect(v.status).toBe('fail');
    expect(v.delta!).toBeCloseTo(0.2);
    expect(v.message).toMatch(/\+20\.0%/);
  });
});

describe('checkBar', () => {
  const cand = (passed: number, samples: number) => {
    const c = summarizeCandidate('m/p', [], 0.9);
    const acc = samples > 0 ? passed / samples : null;
    return { ...c, passed, samples, accuracy: acc, accuracyLow: acc, accuracyHigh: acc };
  };
  it('fails below the bar, passes at it, skips with no bar, fails when nothing ran', () => {
    expect(checkBar(cand(89, 100), 0.9)).toMatchObject({ status: 'fail', baseline: 0.9, current: 0.89 });
    expect(checkBar(cand(27, 30), 0.9).status).toBe('pass');
    expect(checkBar(cand(27, 30), null).status).toBe('skip');
    expect(checkBar(cand(0, 0), 0.9)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/No samples were scored/),
    });
  });
});

describe('checkCost', () => {
  const cand = (passed: number, costUsd: number | null) => {
    const c = summarizeCandidate('m/p', [], null);
    return {
      ...c,
      passed,
      samples: 10,
      costUsd,
      costPerSuccessUsd: costUsd !== null && passed > 0 ? costUsd / passed : null,
    };
  };
  it.each([
    ['+5% passes', cand(10, 1), cand(10, 1.05), 'pass'],
    ['exactly +10% passes', cand(10, 1), cand(10, 1.1), 'pass'],
    ['+10.5% fails', cand(10, 1), cand(10, 1.105), 'fail'],
    ['cheaper passes', cand(10, 1), cand(10, 0.5), 'pass'],
    ['fewer successes at the same cost can fail', cand(10, 1), cand(8, 1), 'fail'],
    ['no successes now, some before: fail', cand(10, 1), cand(0, 1), 'fail'],
    ['no successes in either: skip', cand(0, 1), cand(0, 1), 'skip'],
    ['baseline had no successes: skip', cand(0, 1), cand(5, 1), 'skip'],
    ['unpriced now: skip', cand(10, 1), cand(10, null), 'skip'],
    ['unpriced before: skip', cand(10, null), cand(10, 1), 'skip'],
    ['free before, paid now: fail', cand(10, 0), cand(10, 1), 'fail'],
    ['free in both: pass', cand(10, 0), cand(10, 0), 'pass'],
  ] as const)('%s', (_name, before, after, status) => {
    expect(checkCost(before, after, 0.1).status).toBe(status);
  });
});

describe('gateRun properties', () => {
  it('a run never fails the accuracy or cost check against a baseline taken from itself', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(true, false, 'error' as const), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 3 }),
        async (grid, repeats) => {
          const spec: RunSpec = {
            runId: 'r',
            cases: grid.length,
            repeats,
            qualityBar: null,
            candidates: [{ id: 'm/p', outcome: (i, r) => grid[i]![r]! }],
          };
          const r = await gate(spec, spec);
          expect(r.verdicts.filter((v) => v.status === 'fail')).toEqual([]);
          // a run with server errors is incomplete: its verdicts are inconclusive, not failures
          const v = verdict(r.verdicts, 'm/p', 'accuracy');
          if (v.status !== 'inconclusive') expect(v).toMatchObject({ delta: 0, p: 1 });
        },
      ),
      { numRuns: 60 },
    );
  });
});
