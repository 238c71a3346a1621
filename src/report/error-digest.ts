/**
 * The errors of a run, per candidate and kind, with one example message each: the console lists
 * them after the table, summary.md has them as a section and report.html as a banner.
 */
import { formatBar, formatPct } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';

/** One error kind of one candidate. */
export interface ErrorLine {
  candidate: string;
  kind: string;
  count: number;
  /** One example message (redacted when it was recorded), or null. */
  example: string | null;
}

/** Every error kind of every candidate, most frequent first within a candidate. */
export function errorLines(summary: Summary): ErrorLine[] {
  return summary.candidates.flatMap((c) =>
    Object.entries(c.errorsByKind ?? {})
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([kind, count]) => ({
        candidate: c.id,
        kind,
        count,
        example: c.errorExamples?.[kind] ?? null,
      })),
  );
}

/** Whether samples ran but none of them was scored (every one errored, or none was the candidate's). */
export function nothingScored(summary: Summary): boolean {
  const ran = summary.candidates.reduce((n, c) => n + c.samples, 0);
  const scored = summary.candidates.reduce((n, c) => n + (c.scored ?? c.samples - c.errored), 0);
  return ran > 0 && scored === 0;
}

/** The candidates below the run's `minCoverage`. */
export function incompleteCandidates(summary: Summary): CandidateSummary[] {
  return summary.candidates.filter((c) => c.incomplete === true);
}

/** `coverage 40% (below 98%)` for an incomplete candidate, `coverage 100%` otherwise; '' for old summaries. */
export function coverageNote(c: CandidateSummary, minCoverage: number | undefined): string {
  if (c.coverage === undefined || c.coverage === null) return '';
  const below = c.incomplete && minCoverage !== undefined ? ` (below ${formatBar(minCoverage)})` : '';
  return `coverage ${formatPct(c.coverage)}${below}`;
}

/**
 * The console's list of errors: per candidate, each kind with its count and an example message.
 * '' when the run had no errors.
 *
 * @example renderErrorList(summary) // 'Errors:\n  sim-mid/terse: connection ×12, e.g. "connection error: ECONNREFUSED"\n'
 */
export function renderErrorList(summary: Summary): string {
  const lines = errorLines(summary);
  if (lines.length === 0) return '';
  const out = ['Errors (not scored unless the candidate caused them):'];
  for (const l of lines) {
    const example = l.example === null ? '' : `, e.g. "${safeText(l.example, 200)}"`;
    out.push(`  ${safeText(l.candidate, 60)}: ${l.kind} ×${l.count}${example}`);
  }
  for (const c of incompleteCandidates(summary)) {
    out.push(`  ${safeText(c.id, 60)} is incomplete: ${coverageNote(c, summary.minCoverage)}`);
  }
  return `${out.join('\n')}\n`;
}
