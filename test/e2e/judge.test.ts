import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/log/summary-file.ts';
import { judgeVerdict, SIM_MALFORMED_VERDICT, SIM_MODELS } from '../../src/providers/sim/brain.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { JUDGE_SYSTEM, judgeMessages, parseVerdict, VerdictError } from '../../src/scorers/llm-judge.ts';
import { cli, fixtureProject, price, readRecords, servedCost } from '../helpers/spend.ts';

describe('parseVerdict', () => {
  it.each([
    ['{"pass": true, "score": 0.9, "reason": "right"}', { pass: true, score: 0.9, reason: 'right' }],
    ['{"pass": false}', { pass: false, score: 0, reason: '' }],
    [
      'Sure.\n```json\n{"pass": true, "reason": "has {braces} and \\"quotes\\""}\n```',
      { pass: true, score: 1, reason: 'has {braces} and "quotes"' },
    ],
    ['{"pass": "false", "score": "0.2"}', { pass: false, score: 0.2, reason: '' }],
    ['{"verdict": "PASS"}', { pass: true, score: 1, reason: '' }],
    ['{"pass": true, "score": 7}', { pass: true, score: 1, reason: '' }],
    ['PASS', { pass: true, score: 1, reason: '' }],
    ['Verdict: FAIL - the sum is wrong', { pass: false, score: 0, reason: 'the sum is wrong' }],
    ['Looking at it carefully.\n**FAIL**: off by one', { pass: false, score: 0, reason: 'off by one' }],
    ['{"note": "thinking"} then {"pass": true}', { pass: true, score: 1, reason: '' }],
  ])('reads %j', (text, want) => {
    expect(parseVerdict(text)).toEqual(want);
  });

  it.each([
    ['', /empty verdict/],
    ['The response looks fine to me.', /no \{"pass": true\|false\} object and no PASS\/FAIL line/],
    ['Pass rate is high here.', /no \{"pass"/], // prose, not a verdict
    ['{"pass": tru', /not valid JSON \(an object that never closes\)/],
    ['{"pass": maybe}', /not valid JSON/],
    ['{"score": 1, "reason": "good"}', /has no "pass" field/],
    ['{"pass": "probably"}', /has "pass": "probably", not true or false/],
    ['{"pass": true} and also {"pass": false}', /2 verdicts that disagree/],
    ['PASS\nFAIL', /both a PASS and a FAIL line/],
  ])('refuses %j with its cause', (text, cause) => {
    expect(() => parseVerdict(text)).toThrow(VerdictError);
    expect(() => parseVerdict(text)).toThrow(cause);
  });
});

describe('the sim as a judge', () => {
  const user = (rubric: string, response: string) => judgeMessages(rubric, {}, response)[1]!.content;
  const sure = { ...SIM_MODELS['sim-frontier']!, judgeErrorRate: 0 };

  it('passes when the response holds the expected text the rubric names, deterministically', () => {
    const pass = JSON.parse(
      judgeVerdict('j', sure, user('Must be the sum.\nExpected: 53', 'The answer is 53.')),
    );
    expect(pass).toEqual({ pass: true, score: 1, reason: 'The response contains the expected text "53".' });
    const fail = JSON.parse(judgeVerdict('j', sure, user('Expected: 53', '54')));
    expect(fail).toMatchObject({ pass: false, score: 0 });
    // quoted phrases, all of them, ignoring case
    expect(
      JSON.parse(
        judgeVerdict('j', sure, user('Mentions "Refund" and "order 7".', 'your REFUND for order 7')),
      ),
    ).toMatchObject({ pass: true });
    expect(
      JSON.parse(judgeVerdict('j', sure, user('Mentions "refund" and "order 7".', 'your refund'))),
    ).toMatchObject({ pass: false, score: 0.5 });
    // nothing to look for: a fail, not a guess
    expect(JSON.parse(judgeVerdict('j', sure, user('Be helpful.', 'ok')))).toMatchObject({ pass: false });
    expect(judgeVerdict('j', sure, user('Expected: 53', '53'))).toBe(
      judgeVerdict('j', sure, user('Expected: 53', '53')),
    );
  });

  it('errs at its own small rate, and gives a malformed verdict on request', () => {
    const model = SIM_MODELS['sim-budget']!; // judge error rate errorRate / 3 = 10%
    let flipped = 0;
    for (let i = 0; i < 2000; i++)
      if (!JSON.parse(judgeVerdict('sim-budget', model, user(`Expected: ${i}`, `It is ${i}`))).pass)
        flipped++;
    expect(flipped / 2000).toBeGreaterThan(0.06);
    expect(flipped / 2000).toBeLessThan(0.14);
    expect(() =>
      parseVerdict(judgeVerdict('j', sure, user(`Expected: 1 ${SIM_MALFORMED_VERDICT}`, '1'))),
    ).toThrow(VerdictError);
    expect(() =>
      parseVerdict(judgeVerdict('j', { ...sure, judgeMalformedRate: 1 }, user('Expected: 1', '1'))),
    ).toThrow(/not valid JSON/);
    expect(JUDGE_SYSTEM).toMatch(/strict evaluator/);
  });
});

describe('llmJudge in a run against the sim', () => {
  const PRICES = {
    'sim-mid': price(0.8, 4),
    'sim-budget': price(0.15, 0.6),
    'sim-frontier': price(2.5, 10),
    'judge-broken': price(2.5, 10),
  };
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({
      latencyMs: 1,
      models: { 'judge-broken': { ...SIM_MODELS['sim-frontier']!, judgeMalformedRate: 1 } },
    });
  });
  afterAll(() => sim.close());

  it('judge costs land in the judge ledger and judgeCostUsd, never in a candidate costUsd', async () => {
    const dir = await fixtureProject('spend-judge', sim);
    sim.resetStats();
    const r = await cli(['run', 'judge', '--json', '--quiet', '--no-cache', '--out', 'r'], dir);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as Summary;
    const judgeServed = servedCost(sim, PRICES, (m) => m === 'sim-frontier');
    expect(sim.stats.log.filter((e) => e.model === 'sim-frontier')).toHaveLength(48); // one verdict per sample
    expect(judgeServed).toBeGreaterThan(0);
    expect(s.spentUsd.judge).toBeCloseTo(judgeServed, 12);
    expect(s.spentUsd.candidates).toBeCloseTo(
      servedCost(sim, PRICES, (m) => m !== 'sim-frontier'),
      12,
    );
    for (const [id, model] of [
      ['mid/terse', 'sim-mid'],
      ['budget/terse', 'sim-budget'],
    ] as const) {
      const c = s.candidates.find((x) => x.id === id)!;
      expect(c.costUsd).toBeCloseTo(
        servedCost(sim, PRICES, (m) => m === model),
        12,
      );
      expect(c.judgeCostUsd).toBeGreaterThan(0);
      expect(c.requests).toBe(24); // the judge's requests are not the candidate's
    }
    expect(s.candidates.reduce((t, c) => t + c.judgeCostUsd!, 0)).toBeCloseTo(judgeServed, 12);
    expect(s.prices.models.judge).toMatchObject({ input: 2.5, output: 10 });
    // the verdicts decide: the judge sees "Expected: N" and the candidate's answer
    const records = await readRecords(join(dir, 'r'));
    expect(
      records.every((x) => x.scores[0]?.scorer === 'judge' && x.judge !== null && x.judge.attempts === 1),
    ).toBe(true);
    const mid = s.candidates.find((x) => x.id === 'mid/terse')!;
    expect(mid.accuracy!).toBeGreaterThan(0.7);
  });

  it('a malformed verdict makes the sample an error of kind "malformed", with its cause', async () => {
    const dir = await fixtureProject('spend-judge', sim);
    const r = await cli(['run', 'judge-malformed', '--json', '--quiet', '--no-cache', '--out', 'm'], dir);
    // a judge failure is not the candidate's: nothing is scored, so the run is incomplete (exit 3)
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out) as Summary;
    expect(s.candidates[0]).toMatchObject({ passed: 0, errored: 24, samples: 24, scored: 0, coverage: 0 });
    expect(r.err).toMatch(/malformed ×24/);
    expect(s.spentUsd.judge).toBeGreaterThan(0); // the broken verdicts were still paid for
    for (const rec of await readRecords(join(dir, 'm'))) {
      expect(rec.status).toBe('error');
      expect(rec.error).toMatchObject({ kind: 'malformed', status: null });
      expect(rec.error!.message).toMatch(
        /the judge's verdict is not valid JSON \(an object that never closes\)/,
      );
    }
  });
});
