import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../../src/escape-control.ts';
import { verdictCells } from '../../../src/gate/verdict-cells.ts';

describe('format', () => {
  it('picks cell formats by check', () => {
    expect(verdictCells({ check: 'cost', baseline: 0.001, current: 0.0012, delta: 0.2, p: null })).toEqual({
      baseline: '$0.001',
      current: '$0.0012',
      delta: '+20.0%',
      p: '-',
    });
    expect(verdictCells({ check: 'accuracy', baseline: 0.95, current: 0.88, delta: -0.07, p: 0.01 })).toEqual(
      {
        baseline: '95.0%',
        current: '88.0%',
        delta: '-7.0 pts',
        p: '0.010',
      },
    );
  });

  it('makes control characters visible', () => {
    expect(escapeControl('a\nb\tc\x1b[31m\u0000\u202e\u0085')).toBe('a\\nb\\tc\\x1b[31m\\x00\\u202e\\x85');
    expect(escapeControl('plain ünïcode ✓')).toBe('plain ünïcode ✓');
  });
});
