import { describe, expect, it } from 'vitest';
import { formatDate, formatMs } from '../../../src/format/duration.ts';
import { formatUsd } from '../../../src/format/money.ts';
import { formatP } from '../../../src/format/number.ts';
import {
  formatBar,
  formatInterval,
  formatPct,
  formatPoints,
  formatRelative,
} from '../../../src/format/percent.ts';
import { formatTickUsd } from '../../../src/report/log-scale.ts';

describe('formatUsd', () => {
  it.each([
    [1.234, '$1.23'],
    [1234.5, '$1,234.50'],
    [0.012345, '$0.0123'],
    [0.000045, '$0.000045'],
    [0.00012, '$0.00012'],
    [0.5, '$0.50'],
    [0.1, '$0.10'],
    [0, '$0'],
    [-0.25, '-$0.25'],
    [null, '—'],
  ])('%s -> %s', (v, text) => {
    expect(formatUsd(v)).toBe(text);
  });
});

describe('other formats', () => {
  it('shows percentages with one decimal and bars without needless ones', () => {
    expect(formatPct(0.9123)).toBe('91.2%');
    expect(formatPct(null)).toBe('—');
    expect(formatBar(0.9)).toBe('90%');
    expect(formatBar(0.925)).toBe('92.5%');
    expect(formatInterval(0.85, 0.951)).toBe('85.0–95.1%');
  });

  it('shows durations and dates for people, independent of the time zone', () => {
    expect(formatMs(820)).toBe('820 ms');
    expect(formatMs(1234)).toBe('1.2 s');
    expect(formatMs(123_000)).toBe('2 min 3 s');
    expect(formatDate('2025-03-04T05:06:07.000Z')).toBe('2025-03-04 05:06 UTC');
  });

  it('labels axis ticks without trailing cents', () => {
    expect(formatTickUsd(0.0001)).toBe('$0.0001');
    expect(formatTickUsd(0.002)).toBe('$0.002');
    expect(formatTickUsd(10)).toBe('$10');
    expect(formatTickUsd(1.5)).toBe('$1.50');
  });
});

describe("the gate formats (one formatter: the reports' money and dashes)", () => {
  it('formats numbers for people', () => {
    expect(formatPct(0.9234)).toBe('92.3%');
    expect(formatPct(null)).toBe('—');
    expect(formatPoints(-0.031)).toBe('-3.1 pts');
    expect(formatPoints(0.02)).toBe('+2.0 pts');
    expect(formatPoints(0)).toBe('±0.0 pts');
    expect(formatRelative(0.2)).toBe('+20.0%');
    expect(formatRelative(-0.5)).toBe('-50.0%');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1e-12)).toBe('$0');
    expect(formatUsd(null)).toBe('—');
    expect(formatP(0.0004)).toBe('<0.001');
    expect(formatP(0.021484375)).toBe('0.021');
    expect(formatP(1)).toBe('1');
  });
});
