import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../../../src/gate/build-baseline.ts';
import { gateRun, gateSpecOf } from '../../../src/gate/compare.ts';
import { collectOutcomes } from '../../../src/gate/outcomes.ts';
import { checkTokens } from '../../../src/gate/token-check.ts';
import type { CandidateSummary } from '../../../src/log/summary-file.ts';
import { makeRun, passesAt, type RunSpec } from '../../helpers/gate-runs.ts';

const cand = (meanTokensPerSample: number | null | undefined) =>
  ({ id: 'm/p', meanTokensPerSample }) as CandidateSummary;

describe('the token-inflation check', () => {
  it('fails a rise of more than the limit and passes one within it', () => {
    const fail = checkTokens(cand(100), cand(130), 0.2);
    expect(fail).toMatchObject({
      check: 'tokens',
      status: 'fail',
      baseline: 100,
      current: 130,
      threshold: 0.2,
    });
    expect(fail.delta).toBeCloseTo(0.3);
    expect(fail.message).toMatch(
      /Tokens per sample rose more than the \+20\.0% allowed: 100 -> 130 \(\+30\.0%\)/,
    );
    expect(checkTokens(cand(100), cand(100), 0.2)).toMatchObject({ status: 'pass', delta: 0 });
    // at the limit exactly is within it
    expect(checkTokens(cand(100), cand(120), 0.2).status).toBe('pass');
    // fewer tokens is never a failure
    expect(checkTokens(cand(100), cand(50), 0.2).status).toBe('pass');
  });

  it('is not checked, with the reason, when the baseline does not record tokens per sample', () => {
    const v = checkTokens(cand(undefined), cand(130), 0.2);
    expect(v.status).toBe('skip');
    expect(v.message).toMatch(/does not record tokens per sample.*update the baseline/);
    expect(checkTokens(cand(100), cand(null), 0.2).status).toBe('skip');
  });

  it('a version-1 baseline gets a SKIP per candidate and a note, never a silent pass', async () => {
    const spec: RunSpec = { runId: 'r1', cases: 30, candidates: [{ id: 'm/p', outcome: passesAt(0.9) }] };
    const { summary, records } = makeRun(spec);
    const v2 = await buildBaseline(summary, records);
    const entry = v2.candidates['m/p']!;
    const { meanTokensPerSample: _m, ...oldSummary } = entry.summary;
    const v1 = { ...v2, version: 1 as const, candidates: { 'm/p': { ...entry, summary: oldSummary } } };
    const cur = { summary, outcomes: await collectOutcomes(records) };
    const r = gateRun(cur, v1, gateSpecOf(summary));
    expect(r.verdicts.find((v) => v.check === 'tokens')).toMatchObject({ status: 'skip' });
    expect(r.notes.join('\n')).toMatch(/baseline \(version 1\) records no tokens per sample/);
    // the same baseline at version 2 checks tokens
    const again = gateRun(cur, v2, gateSpecOf(summary));
    expect(again.verdicts.find((v) => v.check === 'tokens')).toMatchObject({ status: 'pass', delta: 0 });
  });
});
