import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/log/summary-file.ts';
import { type SimServer, startSimServer } from '../../src/providers/sim/server.ts';
import { cli, fixtureProject, price, requestsFor, servedCost } from '../helpers/spend.ts';

const WEAK = {
  'weak-a': { errorRate: 0.55, cotFactor: 1, jsonSloppiness: 0, latencyMs: 1 },
  'weak-b': { errorRate: 0.65, cotFactor: 1, jsonSloppiness: 0, latencyMs: 1 },
};
const PRICES = { 'sim-frontier': price(1, 4), 'weak-a': price(10, 40), 'weak-b': price(12, 48) };

let sim: SimServer;
let dir: string;
beforeAll(async () => {
  sim = await startSimServer({ latencyMs: 1, models: WEAK });
  dir = await fixtureProject('spend-early-stop', sim);
});
afterAll(() => sim.close());

async function run(suite: string) {
  sim.resetStats();
  const r = await cli(['run', suite, '--json', '--quiet', '--no-cache'], dir);
  // --quiet --json: stderr holds only where the run folder is
  expect(r.err).toMatch(/^Run folder: results\/\S+\n$/);
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.out) as Summary;
  return {
    summary,
    served: servedCost(sim, PRICES),
    requests: {
      strong: requestsFor(sim, 'sim-frontier'),
      a: requestsFor(sim, 'weak-a'),
      b: requestsFor(sim, 'weak-b'),
    },
  };
}

describe('early stop against the sim', () => {
  it('stops the weak candidates after far fewer requests than cases, saves >= 40% and keeps the pick', async () => {
    const on = await run('early');
    const off = await run('early-off');

    // every case runs without early stop
    expect(off.requests).toEqual({ strong: 100, a: 100, b: 100 });
    // with it, the weak candidates stop long before their 100 cases; the strong one runs them all
    expect(on.requests.strong).toBe(100);
    expect(on.requests.a).toBeLessThan(40);
    expect(on.requests.b).toBeLessThan(40);

    // the spend the server saw: at least 40% saved
    expect(on.served).toBeLessThanOrEqual(0.6 * off.served);
    expect(on.summary.spentUsd.total).toBeCloseTo(on.served, 12);

    // the same pick either way
    expect(off.summary.recommendation.candidate).toBe('strong/terse');
    expect(on.summary.recommendation.candidate).toBe(off.summary.recommendation.candidate);

    // the report data: stopped early, why, and what it saved; not an incomplete run
    expect(on.summary.stoppedReason).toBeNull();
    for (const id of ['weak-a/terse', 'weak-b/terse']) {
      const c = on.summary.candidates.find((x) => x.id === id)!;
      const full = off.summary.candidates.find((x) => x.id === id)!;
      expect(c.earlyStopped).toBe(true);
      expect(c.earlyStopReason).toMatch(/80% bar/);
      expect(c.notRun).toBe(100 - c.samples);
      expect(c.meetsBar).toBe(false);
      // savedUsd estimates what the samples not run would have cost; the full run shows the truth
      expect(c.savedUsd).toBeGreaterThan(0);
      expect(c.savedUsd!).toBeGreaterThan(0.7 * (full.costUsd! - c.costUsd!));
      expect(c.savedUsd!).toBeLessThan(1.3 * (full.costUsd! - c.costUsd!));
    }
    const strong = on.summary.candidates.find((x) => x.id === 'strong/terse')!;
    expect(strong).toMatchObject({
      earlyStopped: false,
      earlyStopReason: null,
      savedUsd: null,
      samples: 100,
      notRun: 0,
    });
    expect(on.summary.samplesNotRun).toBe(200 - on.requests.a - on.requests.b);
  });

  it('runs the same samples every time: the stop depends on outcomes, not timing', async () => {
    const first = await run('early');
    const second = await run('early');
    expect(second.requests).toEqual(first.requests);
    for (const c of first.summary.candidates) {
      expect(second.summary.candidates.find((x) => x.id === c.id)).toMatchObject({
        samples: c.samples,
        passed: c.passed,
        earlyStopReason: c.earlyStopReason,
      });
    }
  });
});
