/** A fixed gate result for the reporter tests: one of each status, and a hostile candidate id. */
import type { GateResult, Verdict } from '../../src/gate/types.ts';
import { HOSTILE_ID as HOSTILE } from './hostile.ts';

const v = (x: Partial<Verdict> & Pick<Verdict, 'candidate' | 'check' | 'status'>): Verdict => ({
  baseline: null,
  current: null,
  delta: null,
  p: null,
  threshold: null,
  method: null,
  message: '',
  ...x,
});

export function fixedResult(): GateResult {
  const verdicts: Verdict[] = [
    v({
      candidate: 'gpt-4o/terse',
      check: 'bar',
      status: 'pass',
      baseline: 0.9,
      current: 0.935,
      delta: 0.035,
      threshold: 0.9,
      message: 'Accuracy 93.5% meets the bar 90.0%.',
    }),
    v({
      candidate: 'gpt-4o/terse',
      check: 'accuracy',
      status: 'fail',
      baseline: 0.95,
      current: 0.88,
      delta: -0.07,
      p: 0.00123,
      threshold: 0.02,
      method: 'mcnemar-exact',
      message:
        'Accuracy dropped more than the 2.0 pts allowed and the drop is significant: 95.0% -> 88.0% (-7.0 pts) over 200 paired cases, 16 worse and 2 better, p=0.001.',
    }),
    v({
      candidate: 'gpt-4o/terse',
      check: 'cost',
      status: 'pass',
      baseline: 0.00123,
      current: 0.00125,
      delta: 0.0163,
      threshold: 0.1,
      message: 'Cost per success within +10.0%.',
    }),
    v({
      candidate: HOSTILE,
      check: 'bar',
      status: 'fail',
      baseline: 0.9,
      current: 0.5,
      delta: -0.4,
      threshold: 0.9,
      message: 'Accuracy 50.0% is below <the> bar & "more".',
    }),
    v({
      candidate: HOSTILE,
      check: 'accuracy',
      status: 'skip',
      message: 'New candidate: not in the baseline.',
    }),
    v({
      candidate: HOSTILE,
      check: 'cost',
      status: 'fail',
      baseline: 0.001,
      current: 0.0012,
      delta: 0.2,
      threshold: 0.1,
      message: 'Cost per success rose more than the +10.0% allowed: $0.00100 -> $0.00120 (+20.0%).',
    }),
  ];
  return {
    suite: 'arith',
    runId: '2025-01-01T00-00-00',
    baseline: { runId: '2024-12-01T00-00-00', suiteHash: 'abc', pricesAsOf: '2025-01-01' },
    spec: { qualityBar: 0.9, maxAccuracyDrop: 0.02, maxCostIncrease: 0.1 },
    verdicts,
    notes: ['The suite changed since the baseline (suite hash abc -> def).'],
    counts: { pass: 2, fail: 3, skip: 1 },
    passed: false,
  };
}
