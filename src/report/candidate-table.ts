/**
 * The HTML report's candidate table: every CandidateSummary field, formatted for people, with a
 * raw sort key per cell so the page can sort numerically.
 */
import { formatMs } from '../format/duration.ts';
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatBool, formatDecimal, formatInt } from '../format/number.ts';
import { formatInterval, formatPct } from '../format/percent.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { describeCandidateStop } from './run-notes.ts';
import { hasTaskFigures, taskRow } from './task-table.ts';

export interface TableColumn {
  label: string;
  /** What the column means, shown on hover. */
  title: string;
  numeric: boolean;
  /** Hidden until the reader asks for more columns (see DEFAULT_COLUMNS). */
  extra: boolean;
}

export interface TableCell {
  text: string;
  /** The value to sort by; '' sorts last in either direction. */
  sort: string;
  /** CSS classes: `num` for right-aligned figures, `muted` for an unknown value, `x` for an extra column. */
  cls: string;
  /** Shown instead of the text: the Notes column's badges. */
  badges: Badge[];
}

export interface Badge {
  text: string;
  kind: string;
  title: string;
}

export interface TableRow {
  id: string;
  pick: boolean;
  /** The candidate cell's badge: the pick. */
  badges: Badge[];
  cells: TableCell[];
}

export interface CandidateTable {
  columns: TableColumn[];
  rows: TableRow[];
  /** How many columns sit behind "more columns". */
  extraCount: number;
}

type Def = [
  label: string,
  title: string,
  kind: 'num' | 'text',
  get: (c: CandidateSummary) => [string, number | string | null],
  /** Shown only for runs this holds for; always when absent. */
  shownFor?: (s: Summary) => boolean,
];

const num = (v: number | null, text: string): [string, number | null] => [text, v];

/** Per-task columns, shown for runs with tasks or limit hits (src/report/task-table.ts). */
const TASK_COLUMNS: Def[] = [
  [
    'Calls / task p50 · p95',
    'callsPerTaskP50 · callsPerTaskP95: model calls per sample',
    'num',
    (c) => num(c.callsPerTaskP50 ?? null, taskRow(c)[1]!),
    hasTaskFigures,
  ],
  [
    'Tokens / task p50 · p95',
    'tokensPerTaskP50 · tokensPerTaskP95: prompt, cached and output tokens per sample, retries included',
    'num',
    (c) => num(c.tokensPerTaskP50 ?? null, taskRow(c)[2]!),
    hasTaskFigures,
  ],
  [
    'Limit hits',
    'limitHits: samples a per-task limit stopped (failed, spend counted in full)',
    'num',
    (c) => num(c.limitHits ?? null, taskRow(c)[3]!),
    hasTaskFigures,
  ],
  [
    'Input: tools · history',
    'inputBreakdown: share of the tasks’ input tokens from tool definitions and from the history (counted locally)',
    'num',
    (c) => num(c.inputBreakdown?.tools ?? null, `${taskRow(c)[4]} · ${taskRow(c)[5]}`),
    hasTaskFigures,
  ],
];

const COLUMNS: Def[] = [
  ['Model', 'model', 'text', (c) => [c.model, c.model]],
  ['Prompt', 'prompt variant', 'text', (c) => [c.prompt, c.prompt]],
  [
    'Accuracy',
    'successes / samples scored, with its 95% Wilson interval',
    'num',
    (c) => num(c.accuracy, withInterval(c)),
  ],
  [
    '95% CI',
    'Wilson interval (accuracyLow–accuracyHigh); sorts by the lower bound',
    'num',
    (c) => num(c.accuracyLow, formatInterval(c.accuracyLow, c.accuracyHigh)),
  ],
  [
    'Coverage',
    'coverage: samples scored / planned (samples early stopping skipped are not planned)',
    'num',
    (c) => num(c.coverage ?? null, formatPct(c.coverage)),
  ],
  [
    'Meets bar',
    'meetsBar: the candidate reaches the quality bar',
    'text',
    (c) => [formatBool(c.meetsBar), c.meetsBar === null ? null : String(c.meetsBar)],
  ],
  [
    'Frontier',
    'no other candidate is both cheaper per success and more accurate',
    'text',
    (c) => [formatBool(c.onFrontier), String(c.onFrontier)],
  ],
  [
    'Cost / success',
    'costPerSuccessUsd: candidate cost / successes',
    'num',
    (c) => num(c.costPerSuccessUsd, formatUsd(c.costPerSuccessUsd)),
  ],
  ['Cost / sample', 'costPerSampleUsd', 'num', (c) => num(c.costPerSampleUsd, formatUsd(c.costPerSampleUsd))],
  [
    'Cost',
    'costUsd at list price, cached responses included',
    'num',
    (c) => num(c.costUsd, formatUsd(c.costUsd)),
  ],
  [
    'Spent',
    'spentUsd: what this run paid (cache hits are $0)',
    'num',
    (c) => num(c.spentUsd, formatUsd(c.spentUsd)),
  ],
  [
    'Judge cost',
    'judgeCostUsd, kept in the judge ledger',
    'num',
    (c) => num(c.judgeCostUsd, formatUsd(c.judgeCostUsd)),
  ],
  [
    'Projected / month',
    'projectedMonthlyUsd at the suite’s projection volume',
    'num',
    (c) => num(c.projectedMonthlyUsd, formatUsd(c.projectedMonthlyUsd)),
    (s) => Boolean(s.projection),
  ],
  ['Samples', 'samples run', 'num', (c) => num(c.samples, formatInt(c.samples))],
  ['Passed', 'passed', 'num', (c) => num(c.passed, formatInt(c.passed))],
  ['Failed', 'failed', 'num', (c) => num(c.failed, formatInt(c.failed))],
  ['Errors', 'errored: samples that ended in an error', 'num', (c) => num(c.errored, formatInt(c.errored))],
  [
    'Not run',
    'notRun: planned but not run (budget, early stop, interrupt)',
    'num',
    (c) => num(c.notRun, formatInt(c.notRun)),
  ],
  [
    'Cached',
    'cachedSamples: samples served from the cache',
    'num',
    (c) => num(c.cachedSamples, formatInt(c.cachedSamples)),
  ],
  [
    'Requests',
    'requests sent, retries included, cache hits excluded',
    'num',
    (c) => num(c.requests, formatInt(c.requests)),
  ],
  ['Retries', 'retries', 'num', (c) => num(c.retries, formatInt(c.retries))],
  ['Calls', 'calls: model calls made by the samples', 'num', (c) => num(c.calls, formatInt(c.calls))],
  [
    'Calls / sample',
    'meanCallsPerSample',
    'num',
    (c) => num(c.meanCallsPerSample, formatDecimal(c.meanCallsPerSample)),
  ],
  ...TASK_COLUMNS,
  [
    'Input tok',
    'tokens.input (uncached prompt tokens)',
    'num',
    (c) => num(c.tokens.input, formatInt(c.tokens.input)),
  ],
  [
    'Cache read tok',
    'tokens.cacheRead',
    'num',
    (c) => num(c.tokens.cacheRead, formatInt(c.tokens.cacheRead)),
  ],
  [
    'Cache write tok',
    'tokens.cacheWrite',
    'num',
    (c) => num(c.tokens.cacheWrite, formatInt(c.tokens.cacheWrite)),
  ],
  [
    'Prompt cache',
    'promptCacheShare: share of prompt tokens served from the provider’s prompt cache',
    'num',
    (c) => num(c.promptCacheShare ?? null, formatPct(c.promptCacheShare)),
  ],
  [
    'Caching saved',
    'cachingSavedUsd: cache reads at the input price minus at the cache price, less the cache-write premium',
    'num',
    (c) => num(c.cachingSavedUsd ?? null, formatUsd(c.cachingSavedUsd)),
  ],
  [
    'Output tok',
    'tokens.output (reasoning included)',
    'num',
    (c) => num(c.tokens.output, formatInt(c.tokens.output)),
  ],
  ['Reasoning tok', 'tokens.reasoning', 'num', (c) => num(c.tokens.reasoning, formatInt(c.tokens.reasoning))],
  ['Latency p50', 'latencyMsP50', 'num', (c) => num(c.latencyMsP50, formatMs(c.latencyMsP50))],
  ['Latency p95', 'latencyMsP95', 'num', (c) => num(c.latencyMsP95, formatMs(c.latencyMsP95))],
  ['Provider', 'provider', 'text', (c) => [c.provider, c.provider]],
  [
    'Saved',
    'savedUsd: spend avoided by stopping early',
    'num',
    (c) => num(c.savedUsd, formatUsd(c.savedUsd)),
  ],
  [
    'Notes',
    'on the frontier, stopped early, incomplete, could not run (hover a badge for why; the full notes are under the table)',
    'text',
    (c) => [
      badges(c, null)
        .map((b) => b.text)
        .join(', ') || EMPTY,
      describeCandidateStop(c),
    ],
  ],
];

/**
 * The columns the table opens with, in this order after the candidate; the others follow, hidden
 * until the reader asks for more columns.
 */
export const DEFAULT_COLUMNS = [
  'Passed',
  'Accuracy',
  'Cost / success',
  'Cost',
  'Coverage',
  'Errors',
  'Latency p50',
  'Meets bar',
  'Notes',
] as const;

/** The candidate table for a run, one row per candidate in summary order. */
export function buildCandidateTable(summary: Summary): CandidateTable {
  const defs = orderedColumns(COLUMNS.filter(([, , , , shownFor]) => !shownFor || shownFor(summary)));
  const isExtra = (label: string) => !(DEFAULT_COLUMNS as readonly string[]).includes(label);
  const pick = summary.recommendation.candidate;
  return {
    extraCount: defs.filter(([label]) => isExtra(label)).length,
    columns: [
      { label: 'Candidate', title: 'MODEL_ID/PROMPT_ID', numeric: false, extra: false },
      ...defs.map(([label, title, kind]) => ({
        label,
        title,
        numeric: kind === 'num',
        extra: isExtra(label),
      })),
    ],
    rows: summary.candidates.map((c) => ({
      id: c.id,
      pick: c.id === pick,
      badges: badges(c, pick).filter((b) => b.kind === 'pick'),
      cells: defs.map(([label, , kind, get]) => {
        const [text, sort] = get(c);
        const cellBadges = label === 'Notes' ? badges(c, null) : [];
        const cls = [
          kind === 'num' ? 'num' : '',
          text === EMPTY ? 'muted' : '',
          isExtra(label) ? 'x' : '',
          cellBadges.length ? 'badges' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return { text, sort: sort === null ? '' : String(sort), cls, badges: cellBadges };
      }),
    })),
  };
}

/** The default columns first, in DEFAULT_COLUMNS' order, then the rest in COLUMNS' order. */
function orderedColumns(defs: Def[]): Def[] {
  const rank = (d: Def) => {
    const i = (DEFAULT_COLUMNS as readonly string[]).indexOf(d[0]);
    return i === -1 ? DEFAULT_COLUMNS.length : i;
  };
  return [...defs].sort((a, b) => rank(a) - rank(b));
}

/** `91.9% (87.4–95.0%)`: the accuracy with its interval, or the accuracy alone without one. */
function withInterval(c: CandidateSummary): string {
  const interval = formatInterval(c.accuracyLow, c.accuracyHigh);
  return interval === EMPTY ? formatPct(c.accuracy) : `${formatPct(c.accuracy)} (${interval})`;
}

/** The candidate's badges: the pick (when `pick` is its id), frontier, incomplete, stopped early, could not run. */
function badges(c: CandidateSummary, pick: string | null): Badge[] {
  const out: Badge[] = [];
  if (c.id === pick) out.push({ text: 'pick', kind: 'pick', title: 'the recommended candidate' });
  if (c.onFrontier) out.push({ text: 'frontier', kind: 'frontier', title: 'on the Pareto frontier' });
  if (c.incomplete)
    out.push({
      text: 'incomplete',
      kind: 'bad',
      title: `coverage ${formatPct(c.coverage)}: too few samples scored to be picked`,
    });
  if (c.earlyStopped)
    out.push({ text: 'stopped early', kind: 'warn', title: c.earlyStopReason ?? 'stopped early' });
  if (c.stopError)
    out.push({ text: 'could not run', kind: 'bad', title: `${c.stopError.kind}: ${c.stopError.message}` });
  return out;
}
