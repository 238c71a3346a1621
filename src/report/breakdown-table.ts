/**
 * The breakdowns as the reports show them: per `groupBy` column, one row per candidate and group
 * (accuracy with its interval, cost per success, coverage, the weakest group marked), and each
 * scorer's pass rate per candidate. Shared by report.html, summary.md and the console.
 */
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatInt } from '../format/number.ts';
import { formatInterval, formatPct } from '../format/percent.ts';
import type { GroupSummary, Summary } from '../log/summary-file.ts';

export interface GroupRow {
  candidate: string;
  group: string;
  cases: string;
  accuracy: string;
  interval: string;
  costPerSuccess: string;
  coverage: string;
  weakest: boolean;
  /** The first row of its candidate, for a table that names the candidate once. */
  first: boolean;
}

export interface GroupTable {
  column: string;
  rows: GroupRow[];
}

export interface ScorerRow {
  candidate: string;
  scorer: string;
  passed: string;
  passRate: string;
}

export interface BreakdownTables {
  groups: GroupTable[];
  scorers: ScorerRow[];
}

/** One table per `groupBy` column, and the scorer rows; null when the summary has neither. */
export function buildBreakdownTables(summary: Summary): BreakdownTables | null {
  const groups = (summary.groupBy ?? []).map((column) => ({
    column,
    rows: groupRows((summary.groups ?? []).filter((g) => g.column === column)),
  }));
  const scorers = (summary.scorers ?? []).map((s) => ({
    candidate: s.candidate,
    scorer: s.scorer,
    passed: `${formatInt(s.passed)}/${formatInt(s.scored)}`,
    passRate: formatPct(s.passRate),
  }));
  if (groups.length === 0 && scorers.length === 0) return null;
  return { groups, scorers };
}

function groupRows(groups: GroupSummary[]): GroupRow[] {
  return groups.map((g, i) => ({
    candidate: g.candidate,
    group: g.value,
    cases: formatInt(g.cases),
    accuracy: formatPct(g.accuracy),
    interval: g.accuracy === null ? EMPTY : formatInterval(g.accuracyLow, g.accuracyHigh),
    costPerSuccess: formatUsd(g.costPerSuccessUsd),
    coverage: formatPct(g.coverage, 0),
    weakest: g.weakest,
    first: i === 0 || groups[i - 1]!.candidate !== g.candidate,
  }));
}

/** Each candidate's weakest group of a column, e.g. `extraction 80.0%`; none without breakdowns. */
export function weakestGroups(summary: Summary, column: string): Map<string, GroupSummary> {
  const out = new Map<string, GroupSummary>();
  for (const g of summary.groups ?? []) if (g.column === column && g.weakest) out.set(g.candidate, g);
  return out;
}
