/**
 * Everything report.hbs shows, as plain data: the header, the pick, the headline figures, the
 * chart, the candidate table and the explorer. Pure: the same summary gives the same view.
 */
import { pickNews } from '../analysis/pick-news.ts';
import { PROJECTION_FORMULA } from '../analysis/projection.ts';
import { formatDate, formatMs } from '../format/duration.ts';
import { formatUsd } from '../format/money.ts';
import { formatInt } from '../format/number.ts';
import { formatBar } from '../format/percent.ts';
import type { Summary } from '../log/summary-file.ts';
import { type BreakdownTables, buildBreakdownTables } from './breakdown-table.ts';
import { buildCalculatorTable, type CalculatorTable } from './calculator-table.ts';
import { buildCandidateTable, type CandidateTable } from './candidate-table.ts';
import { buildCascadeTable, type CascadeTable } from './cascade-table.ts';
import {
  coverageNote,
  type ErrorLine,
  errorLines,
  incompleteCandidates,
  nothingScored,
} from './error-digest.ts';
import type { ExplorerData } from './explorer-data.ts';
import { buildParetoChart, COMPACT_CHART, type ParetoChart } from './pareto-chart.ts';
import { buildPricesTable, type PricesTable, pricesSourceLine } from './prices-used.ts';
import { describeCandidateStop, describeStop } from './run-notes.ts';

/** Cases per explorer page: a case is one line until it is opened. */
export const EXPLORER_PAGE_SIZE = 100;

export interface Stat {
  label: string;
  value: string;
  sub: string | null;
  meter: { pct: number; full: boolean } | null;
}

export interface ReportView {
  suite: string;
  runId: string;
  startedAt: string;
  duration: string;
  pricesAsOf: string;
  pricesSource: string;
  /** Where the prices came from, e.g. "prices used: suite `price:` (3 models)" (src/report/prices-used.ts). */
  pricesLine: string;
  /** The per-model prices the run used. */
  prices: PricesTable;
  shard: string | null;
  stop: { kind: 'bad' | 'warn'; title: string; text: string } | null;
  pick: { candidate: string | null; headline: string; reason: string; provisional: string | null };
  /** "… now clears the bar at N% less per success than the baseline's …", or null. */
  pickNews: string | null;
  /** The run's errors, per candidate and kind, as a banner near the top; null without errors. */
  errors: { title: string; text: string; lines: ErrorLine[] } | null;
  stats: Stat[];
  /** The chart twice: wide for a desktop, compact (numbered points) for a phone; CSS shows one. */
  chart: { wide: ParetoChart; compact: ParetoChart };
  table: CandidateTable & { notes: { id: string; text: string }[] };
  explorer: {
    capped: boolean;
    shown: string;
    total: string;
    hasInputs: boolean;
    hasMessages: boolean;
    /** The candidate filter's choices, by their index in the embedded data. */
    candidates: string[];
  };
  projection: string | null;
  /** The simulated cascades and the oracle bound; null without cascades. */
  cascades: CascadeTable | null;
  /** The production calculator; null without a projection. */
  calculator: CalculatorTable | null;
  /** The `groupBy` and per-scorer breakdowns; null without them. */
  breakdowns: BreakdownTables | null;
  /** Embedded as JSON for the page's script. */
  data: { explorer: ExplorerData; pageSize: number };
}

/** Builds the report's view from a run's summary and its explorer data. */
export function buildReportView(summary: Summary, explorer: ExplorerData): ReportView {
  const rec = summary.recommendation;
  const stopText = describeStop(summary);
  const samplesRun = summary.candidates.reduce((n, c) => n + c.samples, 0);
  const table = buildCandidateTable(summary);
  return {
    suite: summary.suite,
    runId: summary.runId,
    startedAt: formatDate(summary.startedAt),
    duration: formatMs(summary.durationMs),
    pricesAsOf: summary.prices.asOf,
    pricesSource: summary.prices.source,
    pricesLine: `prices ${summary.prices.origins ? 'used: ' : ''}${pricesSourceLine(summary)}`,
    prices: buildPricesTable(summary),
    shard: summary.shard ? `${summary.shard.index}/${summary.shard.count}` : null,
    stop: stopText
      ? {
          kind: summary.stoppedReason === 'budget' ? 'bad' : 'warn',
          title: summary.stoppedReason === 'budget' ? 'Budget exhausted.' : 'Incomplete run.',
          text: stopText,
        }
      : null,
    pick: {
      candidate: rec.candidate,
      headline: rec.closest ? `Nothing clears the bar; closest: ${rec.closest}` : 'Nothing to recommend',
      reason: rec.reason,
      provisional: rec.provisional ?? null,
    },
    pickNews: pickNews(summary),
    errors: errorsBanner(summary),
    stats: buildStats(summary, samplesRun),
    chart: { wide: buildParetoChart(summary), compact: buildParetoChart(summary, COMPACT_CHART) },
    table: {
      ...table,
      notes: summary.candidates.flatMap((c) => {
        const text = describeCandidateStop(c);
        return text ? [{ id: c.id, text }] : [];
      }),
    },
    explorer: {
      capped: explorer.totalCases > explorer.cases.length,
      shown: formatInt(explorer.cases.length),
      total: formatInt(explorer.totalCases),
      hasInputs: explorer.hasInputs,
      hasMessages: explorer.hasMessages,
      candidates: explorer.candidates,
    },
    projection: summary.projection
      ? `${formatInt(summary.projection.tasksPerDay)} tasks per day; ${PROJECTION_FORMULA}`
      : null,
    cascades: buildCascadeTable(summary),
    calculator: buildCalculatorTable(summary),
    breakdowns: buildBreakdownTables(summary),
    data: { explorer, pageSize: EXPLORER_PAGE_SIZE },
  };
}

/** The headline figures: the bar, spend, samples, how the run ended, and the prices' date. */
function buildStats(summary: Summary, samplesRun: number): Stat[] {
  return [
    {
      label: 'Quality bar',
      value: summary.qualityBar === null ? 'none' : formatBar(summary.qualityBar),
      sub: barSub(summary),
      meter: null,
    },
    {
      label: 'Spend',
      value: formatUsd(summary.spentUsd.total),
      sub: spendSub(summary),
      meter: spendMeter(summary),
    },
    {
      label: 'Samples',
      value: formatInt(samplesRun),
      sub:
        summary.samplesNotRun > 0
          ? `${formatInt(summary.samplesNotRun)} not run`
          : `${summary.candidates.length} candidate${summary.candidates.length === 1 ? '' : 's'}`,
      meter: null,
    },
    {
      label: 'Stopped',
      value: stoppedValue(summary),
      sub:
        summary.stoppedReason !== null
          ? 'the run is incomplete'
          : nothingScored(summary)
            ? 'every sample ran, but none was scored'
            : 'every planned sample ran or was stopped early',
      meter: null,
    },
    summary.prices.origins
      ? { label: 'Prices', value: priceKinds(summary), sub: pricesSourceLine(summary), meter: null }
      : { label: 'Prices as of', value: summary.prices.asOf, sub: summary.prices.source, meter: null },
  ];
}

function stoppedValue(summary: Summary): string {
  if (summary.stoppedReason !== null) return summary.stoppedReason.replace('_', ' ');
  return nothingScored(summary) ? 'nothing scored' : 'finished';
}

function errorsBanner(summary: Summary): ReportView['errors'] {
  const lines = errorLines(summary);
  const incomplete = incompleteCandidates(summary);
  if (lines.length === 0 && incomplete.length === 0) return null;
  const errors = lines.reduce((n, l) => n + l.count, 0);
  const parts = [`${formatInt(errors)} ${errors === 1 ? 'sample' : 'samples'} errored.`];
  if (incomplete.length > 0)
    parts.push(
      `Incomplete (never picked): ${incomplete.map((c) => `${c.id}, ${coverageNote(c, summary.minCoverage)}`).join('; ')}.`,
    );
  return {
    title: nothingScored(summary) ? 'Nothing was scored.' : 'Errors.',
    text: parts.join(' '),
    lines,
  };
}

function barSub(summary: Summary): string {
  if (summary.qualityBar === null) return 'the pick is the most accurate candidate';
  const meeting = summary.candidates.filter((c) => c.meetsBar).length;
  const n = summary.candidates.length;
  if (n === 1) return meeting === 1 ? 'the one candidate meets it' : 'the one candidate does not meet it';
  return `${meeting} of ${n} candidates meet it`;
}

function spendSub(summary: Summary): string {
  const parts = [summary.budgetUsd === null ? 'no budget set' : `of ${formatUsd(summary.budgetUsd)} budget`];
  if (summary.spentUsd.judge > 0) parts.push(`judge ${formatUsd(summary.spentUsd.judge)}`);
  if (summary.savedByCacheUsd > 0) parts.push(`cache saved ${formatUsd(summary.savedByCacheUsd)}`);
  return parts.join(' · ');
}

function spendMeter(summary: Summary): Stat['meter'] {
  if (summary.budgetUsd === null || summary.budgetUsd <= 0) return null;
  const pct = Math.min(100, Math.round((summary.spentUsd.total / summary.budgetUsd) * 1000) / 10);
  return { pct, full: summary.stoppedReason === 'budget' || pct >= 100 };
}

/** The kinds of source the run's prices came from, e.g. `table + override` or `suite price:`. */
function priceKinds(summary: Summary): string {
  const names = { table: 'table', override: 'override', suite: 'suite price:', 'prices-file': 'prices file' };
  const kinds = [...new Set(Object.values(summary.prices.origins ?? {}).map((o) => names[o.source]))];
  return kinds.length > 0 ? kinds.join(' + ') : 'none';
}
