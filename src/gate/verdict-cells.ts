/** How a verdict's numbers and status read, shared by the gate's console table, Markdown and JUnit output. */
import { formatUsd } from '../format/money.ts';
import { formatDecimal, formatP } from '../format/number.ts';
import { formatPct, formatPoints, formatRelative } from '../format/percent.ts';

/** What a verdict table shows where there is no number: the gate's tables keep plain ASCII. */
export const NO_VALUE = '-';

/** A number of a gate table: formatted, or `NO_VALUE` when there is none. */
export function cell(x: number | null | undefined, format: (x: number) => string): string {
  return x === null || x === undefined ? NO_VALUE : format(x);
}

/** The number cells of a verdict, formatted for its check (percent, points, USD, relative). */
export function verdictCells(v: {
  check: 'bar' | 'accuracy' | 'cost' | 'tokens';
  baseline: number | null;
  current: number | null;
  delta: number | null;
  p: number | null;
}): { baseline: string; current: string; delta: string; p: string } {
  // cost and tokens are relative changes of a USD or token figure; bar and accuracy are proportions
  if (v.check === 'cost' || v.check === 'tokens') {
    const value = v.check === 'cost' ? formatUsd : formatDecimal;
    return {
      baseline: cell(v.baseline, value),
      current: cell(v.current, value),
      delta: cell(v.delta, formatRelative),
      p: NO_VALUE,
    };
  }
  return {
    baseline: cell(v.baseline, formatPct),
    current: cell(v.current, formatPct),
    delta: cell(v.delta, formatPoints),
    p: cell(v.p, formatP),
  };
}

/** The words for a verdict status. */
export const STATUS_WORD = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  inconclusive: 'INCONCLUSIVE',
} as const;

/** `3 passed, 0 failed, 1 skipped` (and `, 2 inconclusive` when there are any). */
export function gateTally(counts: {
  pass: number;
  fail: number;
  skip: number;
  inconclusive?: number;
}): string {
  const { pass, fail, skip, inconclusive } = counts;
  return `${pass} passed, ${fail} failed, ${skip} skipped${inconclusive ? `, ${inconclusive} inconclusive` : ''}`;
}
