import { describe, expect, it } from 'vitest';
import { checkBar } from '../../../src/gate/checks.ts';
import { gateRun, gateSpecOf } from '../../../src/gate/compare.ts';
import { collectOutcomes } from '../../../src/gate/outcomes.ts';
import { renderVerdictTable } from '../../../src/gate/verdict-table.ts';
import { makeRun, passesAt, type RunSpec, summarizeCandidate } from '../../helpers/gate-runs.ts';

const spec: RunSpec = {
  runId: 'r',
  cases: 100,
  qualityBar: 0.5,
  candidates: [
    { id: 'ok/p', outcome: passesAt(0.9) },
    // every fifth sample a server error: coverage 80%, below the default 98%
    { id: 'flaky/p', outcome: (i, r) => (i % 5 === 0 ? 'error' : passesAt(0.9)(i, r)) },
  ],
};

async function gateOf(s: RunSpec, over: Partial<ReturnType<typeof makeRun>['summary']> = {}) {
  const { summary, records } = makeRun(s);
  const current = { summary: { ...summary, ...over }, outcomes: await collectOutcomes(records) };
  return gateRun(current, null, gateSpecOf(current.summary));
}

describe('an incomplete candidate', () => {
  it('is inconclusive, never a pass or a fail, and the gate does not pass', async () => {
    const r = await gateOf(spec, { minCoverage: 0.98 });
    const flaky = r.verdicts.filter((v) => v.candidate === 'flaky/p');
    expect(flaky.map((v) => v.status)).toEqual([
      'inconclusive',
      'inconclusive',
      'inconclusive',
      'inconclusive',
    ]);
    expect(flaky[0]!.message).toMatch(/coverage 80\.0% below the minimum 98%/);
    expect(r.counts).toMatchObject({ fail: 0, inconclusive: 4 });
    expect(r.passed).toBe(false);
    expect(renderVerdictTable(r, { color: false })).toMatch(/Gate inconclusive \(.*4 inconclusive\)/);
  });

  it('is gated as usual when incompleteness is allowed (minCoverage 0)', async () => {
    const { summary, records } = makeRun(spec);
    const candidates = summary.candidates.map((c) => ({ ...c, incomplete: false }));
    const current = {
      summary: { ...summary, candidates, minCoverage: 0 },
      outcomes: await collectOutcomes(records),
    };
    const r = gateRun(current, null, gateSpecOf(current.summary));
    expect(r.counts.inconclusive).toBe(0);
    expect(r.passed).toBe(true);
  });
});

describe('a partial run', () => {
  it.each(['interrupted', 'budget', 'replay_miss'] as const)(
    'stopped by %s is inconclusive',
    async (stop) => {
      const r = await gateOf({ ...spec, candidates: [spec.candidates[0]!] }, { stoppedReason: stop });
      expect(r.verdicts.every((v) => v.status === 'inconclusive')).toBe(true);
      expect(r.verdicts[0]!.message).toMatch(
        new RegExp(`partial \\(stopped: ${stop}; 100 of 100 samples\\)`),
      );
    },
  );

  it('is gated when the run allows incompleteness', async () => {
    const r = await gateOf(
      { ...spec, candidates: [spec.candidates[0]!] },
      { stoppedReason: 'budget', minCoverage: 0 },
    );
    expect(r.counts.inconclusive).toBe(0);
  });
});

describe('checkBar: the pick’s rule', () => {
  const cand = (passed: number, samples: number, over = {}) => {
    const c = summarizeCandidate('m/p', [], 0.85);
    const low = passed / samples - 0.05;
    return {
      ...c,
      passed,
      samples,
      accuracy: passed / samples,
      accuracyLow: low,
      accuracyHigh: 0.99,
      ...over,
    };
  };

  it('fails a point estimate above the bar whose lower bound is below it, naming the rule', () => {
    const v = checkBar(cand(88, 100), 0.85);
    expect(v).toMatchObject({ status: 'fail', current: 0.88 - 0.05 });
    expect(v.message).toMatch(
      /95% lower bound 83\.0% .* is below the bar 85\.0% .*rule: 95% lower bound ≥ bar/,
    );
  });

  it('passes when the lower bound clears the bar', () => {
    expect(checkBar(cand(95, 100), 0.85).message).toMatch(
      /meets the bar 85\.0% \(rule: 95% lower bound ≥ bar\)/,
    );
  });

  it('fails an early-stopped candidate for the reason it was stopped', () => {
    const exact = checkBar(
      cand(20, 40, {
        earlyStopped: true,
        earlyStopReason:
          'its 95% lower bound cannot reach 85% even if all 60 remaining samples pass (20/40 so far)',
      }),
      0.85,
    );
    expect(exact.status).toBe('fail');
    expect(exact.message).toMatch(
      /rule: 95% lower bound ≥ bar\): stopped early because its 95% lower bound cannot reach 85%/,
    );
    const sequential = checkBar(
      cand(30, 40, {
        earlyStopped: true,
        earlyStopReason: 'accuracy is below the 85% bar with 95% confidence (30/40 passed, upper bound 84%)',
      }),
      0.85,
    );
    expect(sequential.status).toBe('fail');
    expect(sequential.message).toMatch(/by early stop: accuracy is below the 85% bar/);
  });
});
