import { describe, expect, it } from 'vitest';
import {
  escapeControl,
  formatP,
  formatPercent,
  formatPoints,
  formatRelative,
  formatUsd,
  verdictCells,
} from '../../../src/gate/format.ts';

describe('format', () => {
  it('formats numbers for people', () => {
    expect(formatPercent(0.9234)).toBe('92.3%');
    expect(formatPercent(null)).toBe('-');
    expect(formatPoints(-0.031)).toBe('-3.1 pts');
    expect(formatPoints(0.02)).toBe('+2.0 pts');
    expect(formatPoints(0)).toBe('±0.0 pts');
    expect(formatRelative(0.2)).toBe('+20.0%');
    expect(formatRelative(-0.5)).toBe('-50.0%');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.5)).toBe('$0.500');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(null)).toBe('-');
    expect(formatP(0.0004)).toBe('<0.001');
    expect(formatP(0.021484375)).toBe('0.021');
    expect(formatP(1)).toBe('1');
  });

  it('picks cell formats by check', () => {
    expect(verdictCells({ check: 'cost', baseline: 0.001, current: 0.0012, delta: 0.2, p: null })).toEqual({
      baseline: '$0.00100',
      current: '$0.00120',
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
