import { describe, expect, it } from 'vitest';
import { labelBox, placeLabels } from '../../../src/report/label-layout.ts';
import { logPosition, logScale } from '../../../src/report/log-scale.ts';
import { buildParetoChart, COMPACT_CHART } from '../../../src/report/pareto-chart.ts';
import { makeCandidate, makeSummary } from '../../helpers/fixture-run.ts';

describe('logScale', () => {
  it('snaps to nice ticks around the values', () => {
    const s = logScale([0.0002, 0.004]);
    expect(s.min).toBeLessThanOrEqual(0.0002);
    expect(s.max).toBeGreaterThanOrEqual(0.004);
    expect(s.ticks).toContain(0.001);
    expect(s.ticks[0]).toBe(s.min);
    expect(s.ticks.at(-1)).toBe(s.max);
    for (const t of s.ticks) expect(String(t)).toMatch(/^[0-9.e-]+$/);
  });

  it('uses only powers of ten over a wide range', () => {
    expect(logScale([0.00001, 1]).ticks.every((t) => Math.log10(t) % 1 === 0)).toBe(true);
  });

  it('gives a usable domain for one value', () => {
    const s = logScale([0.003]);
    expect(s.ticks.length).toBeGreaterThanOrEqual(3);
    const p = logPosition(s, 0.003);
    expect(p).toBeGreaterThan(0.2);
    expect(p).toBeLessThan(0.8);
  });
});

describe('placeLabels', () => {
  it('keeps crowded labels from overlapping', () => {
    const points = Array.from({ length: 6 }, (_, i) => ({
      x: 300 + i * 4,
      y: 200 + i * 3,
      text: `candidate-${i}/prompt`,
    }));
    const placed = placeLabels(points, [], { x: 0, y: 0, w: 760, h: 440 });
    const boxes = placed.map((p, i) => labelBox(points[i]!.text, p.x, p.y, p.anchor));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
  });
});

describe('buildParetoChart', () => {
  const summary = makeSummary(
    [
      makeCandidate({
        id: 'big/x',
        accuracy: 0.98,
        accuracyLow: 0.95,
        accuracyHigh: 0.99,
        costPerSuccessUsd: 0.01,
        onFrontier: true,
      }),
      makeCandidate({
        id: 'mid/x',
        accuracy: 0.95,
        accuracyLow: 0.91,
        accuracyHigh: 0.97,
        costPerSuccessUsd: 0.0001,
        onFrontier: true,
      }),
      makeCandidate({ id: 'bad/x', accuracy: 0.5, costPerSuccessUsd: 0.02 }),
      makeCandidate({ id: 'zero/x', accuracy: 0, passed: 0, costPerSuccessUsd: null }),
      makeCandidate({ id: 'unpriced/x', accuracy: 0.9, costUsd: null, costPerSuccessUsd: null }),
    ],
    { recommendation: { candidate: 'mid/x', reason: '', pointEstimateCandidate: null, closest: null } },
  );
  const chart = buildParetoChart(summary);

  it('plots every candidate with a cost per success and lists the rest with why', () => {
    expect(chart.points.map((p) => p.id).sort()).toEqual(['bad/x', 'big/x', 'mid/x']);
    expect(chart.unplotted).toEqual([
      { id: 'zero/x', reason: 'no successes' },
      { id: 'unpriced/x', reason: 'unpriced' },
    ]);
  });

  it('marks the pick, puts cheaper to the left and more accurate higher', () => {
    const by = Object.fromEntries(chart.points.map((p) => [p.id, p]));
    expect(by['mid/x']!.pick).toBe(true);
    expect(by['big/x']!.pick).toBe(false);
    expect(by['mid/x']!.cx).toBeLessThan(by['big/x']!.cx);
    expect(by['big/x']!.cy).toBeLessThan(by['bad/x']!.cy);
    expect(by['big/x']!.yHigh).toBeLessThan(by['big/x']!.yLow);
  });

  it('draws the frontier as a staircase and the bar as a line', () => {
    expect(chart.frontierPath).toMatch(/^M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+$/);
    expect(chart.bar?.label).toBe('quality bar 90%');
    expect(chart.xTicks.map((t) => t.label)).toContain('$0.001');
  });

  it('copes with no plottable candidates', () => {
    const empty = buildParetoChart(makeSummary([makeCandidate({ id: 'a/x', costPerSuccessUsd: null })]));
    expect(empty.points).toEqual([]);
    expect(empty.frontierPath).toBeNull();
    expect(empty.xTicks.length).toBeGreaterThan(1);
  });

  it('has a side panel only when something is left off, and says why an empty chart is empty', () => {
    expect(chart.hasSide).toBe(true);
    expect(chart.empty).toBeNull();
    const all = buildParetoChart(makeSummary([makeCandidate({ id: 'a/x', costPerSuccessUsd: 0.01 })]));
    expect(all.hasSide).toBe(false);
    const none = buildParetoChart(
      makeSummary([makeCandidate({ id: 'a/x', accuracy: 0, passed: 0, costPerSuccessUsd: null })]),
    );
    expect(none.empty).toMatch(/^Nothing to plot: no candidate had a success/);
  });

  it('marks early-stopped and incomplete candidates, and the legend knows', () => {
    const s = makeSummary([
      makeCandidate({ id: 'early/x', costPerSuccessUsd: 0.01, earlyStopped: true }),
      makeCandidate({ id: 'part/x', costPerSuccessUsd: 0.02, incomplete: true }),
      makeCandidate({ id: 'full/x', costPerSuccessUsd: 0.03 }),
    ]);
    const c = buildParetoChart(s);
    const by = Object.fromEntries(c.points.map((p) => [p.id, p]));
    expect([by['early/x']!.early, by['early/x']!.incomplete]).toEqual([true, false]);
    expect([by['part/x']!.early, by['part/x']!.incomplete]).toEqual([false, true]);
    expect([by['full/x']!.early, by['full/x']!.incomplete, by['full/x']!.detail]).toEqual([false, false, '']);
    expect([c.hasEarly, c.hasIncomplete]).toEqual([true, true]);
    expect(chart.hasEarly || chart.hasIncomplete).toBe(false);
  });

  it('numbers the points of the compact chart, with a key', () => {
    const compact = buildParetoChart(summary, COMPACT_CHART);
    expect(compact.width).toBeLessThan(chart.width);
    expect(compact.key.map((k) => [k.n, k.id])).toEqual([
      [1, 'big/x'],
      [2, 'mid/x'],
      [3, 'bad/x'],
    ]);
    const byId = Object.fromEntries(compact.points.map((p) => [p.id, p.text]));
    expect(byId).toEqual({ 'big/x': '1', 'mid/x': '2', 'bad/x': '3' });
    expect(chart.points.every((p) => p.text === p.id)).toBe(true);
    expect(compact.key.find((k) => k.pick)?.id).toBe('mid/x');
  });
});
