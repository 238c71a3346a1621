import { PROJECTION_FORMULA } from '../analysis/projection.ts';
import { formatDate, formatMs } from '../format/duration.ts';
import { EMPTY } from '../format/empty.ts';
import { formatUsd } from '../format/money.ts';
import { formatBool, formatDecimal, formatInt } from '../format/number.ts';
import { formatBar, formatInterval, formatPct } from '../format/percent.ts';
import type { CandidateSummary, Summary } from '../log/summary-file.ts';
import { breakdownMarkdown } from './breakdown-markdown.ts';
import { coverageNote, errorLines, incompleteCandidates, nothingScored } from './error-digest.ts';
import { calculatorMarkdown, cascadeMarkdown } from './extra-markdown.ts';
import { escapeMarkdown as md } from './markdown-escape.ts';
import {
  describeCandidateStop,
  describeSpend,
  describeSpendBreakdown,
  describeStop,
  describeUsageEstimated,
} from './run-notes.ts';
import { hasTaskFigures, TASK_HEADERS, TASK_NOTE, taskRows } from './task-table.ts';

/**
 * Renders summary.md: the pick and its reason, the bar, spend against the budget, why the run
 * stopped, and a table of candidates. Fit for a pull-request comment or `$GITHUB_STEP_SUMMARY`;
 * the gate appends its verdicts after this text.
 *
 * @returns Markdown ending with a newline.
 */
export function renderSummaryMarkdown(summary: Summary): string {
  const rec = summary.recommendation;
  const lines: string[] = [`# tollgate · ${md(summary.suite)}`, ''];
  lines.push(
    `Run \`${summary.runId.replaceAll('`', '')}\` · started ${formatDate(summary.startedAt)} · took ${formatMs(summary.durationMs)} · ` +
      `prices as of ${md(summary.prices.asOf)} (${md(summary.prices.source)})`,
    '',
  );
  const stop = describeStop(summary);
  if (stop) lines.push(`> [!WARNING]`, `> ${md(stop)}`, '');
  const estimated = describeUsageEstimated(summary);
  if (estimated) lines.push(`> [!WARNING]`, `> ${md(estimated)}`, '');
  lines.push(...errorsBanner(summary));
  const provisional = rec.provisional ? ` (${md(rec.provisional)})` : '';
  lines.push(
    rec.candidate
      ? `**Pick${provisional}: ${md(rec.candidate)}.** ${md(rec.reason)}`
      : `**No pick.** ${md(rec.reason)}`,
    '',
  );
  lines.push(`- Quality bar: ${summary.qualityBar === null ? 'none set' : formatBar(summary.qualityBar)}`);
  lines.push(`- Spend: ${md(`${describeSpend(summary)}; ${describeSpendBreakdown(summary)}`)}`);
  lines.push(
    `- Stopped: ${summary.stoppedReason ?? (nothingScored(summary) ? 'no, but no sample was scored' : 'no, the run finished')}`,
  );
  if (summary.minCoverage !== undefined) lines.push(`- Minimum coverage: ${formatBar(summary.minCoverage)}`);
  if (summary.samplesNotRun > 0) lines.push(`- Samples not run: ${formatInt(summary.samplesNotRun)}`);
  if (summary.shard) lines.push(`- Shard: ${summary.shard.index}/${summary.shard.count}`);
  lines.push('', '## Candidates', '', ...candidateTable(summary), '');
  if (hasTaskFigures(summary)) {
    const align = TASK_HEADERS.map((_, i) => (i === 0 ? '---' : '---:'));
    const rows = taskRows(summary).map((r) => row(r.map(md)));
    lines.push('## Tasks', '', row(TASK_HEADERS), row(align), ...rows, '', md(TASK_NOTE), '');
  }

  const notes = summary.candidates.flatMap((c) => {
    const note = describeCandidateStop(c);
    return note ? [`- ${md(c.id)} ${md(note)}`] : [];
  });
  if (notes.length > 0) lines.push(...notes, '');
  if (summary.projection) {
    lines.push(
      `Projection: ${formatInt(summary.projection.tasksPerDay)} tasks per day; ${PROJECTION_FORMULA}.`,
      '',
    );
  }
  lines.push(...breakdownMarkdown(summary), ...cascadeMarkdown(summary), ...calculatorMarkdown(summary));
  lines.push(
    'Accuracy is successes / samples scored, with a 95% Wilson interval. Coverage is samples scored / planned; ' +
      'an error that is not the candidate’s doing (transport, timeout, rate limit, server, auth, budget, judge) is not scored.',
    '',
  );
  return lines.join('\n');
}

function candidateTable(summary: Summary): string[] {
  const withProjection = summary.projection !== null;
  const header = [
    'Candidate',
    'Accuracy (95% CI)',
    'Coverage',
    'Cost / success',
    'Cost / sample',
    'Samples',
    'Requests',
    'Retries',
    'Meets bar',
    'Frontier',
  ];
  const align = ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', ':---:', ':---:'];
  if (withProjection) {
    header.push('Projected / month');
    align.push('---:');
  }
  // tasks with several calls, and prompt caching, get their columns only when they happened
  const withCalls = summary.candidates.some(
    (c) => c.meanCallsPerSample !== null && c.meanCallsPerSample !== 1,
  );
  const withCaching = summary.candidates.some((c) => (c.promptCacheShare ?? 0) > 0);
  if (withCalls) {
    header.push('Calls / sample');
    align.push('---:');
  }
  if (withCaching) {
    header.push('Prompt cache', 'Caching saved');
    align.push('---:', '---:');
  }
  const rows = summary.candidates.map((c) => {
    const figures = [
      c.accuracy === null
        ? EMPTY
        : `${formatPct(c.accuracy)} (${formatInterval(c.accuracyLow, c.accuracyHigh)})`,
      formatPct(c.coverage),
      formatUsd(c.costPerSuccessUsd),
      formatUsd(c.costPerSampleUsd),
      formatInt(c.samples),
      formatInt(c.requests),
      formatInt(c.retries),
      formatBool(c.meetsBar),
      c.onFrontier ? 'yes' : 'no',
    ];
    if (withProjection) figures.push(formatUsd(c.projectedMonthlyUsd));
    if (withCalls) figures.push(formatDecimal(c.meanCallsPerSample));
    if (withCaching) figures.push(formatPct(c.promptCacheShare), formatUsd(c.cachingSavedUsd));
    return row([candidateCell(c, summary.recommendation.candidate), ...figures.map(md)]);
  });
  return [row(header), row(align), ...rows];
}

function candidateCell(c: CandidateSummary, pick: string | null): string {
  let cell = md(c.id);
  if (c.id === pick) cell = `**${cell}** (pick)`;
  if (c.incomplete) cell += ' (incomplete)';
  if (c.earlyStopped) cell += ' (stopped early)';
  if (c.stopError) cell += ' (could not run)';
  return cell;
}

/** `## Errors`: per candidate, each error kind with its count and one example message. */
/** The run's errors as a banner under the title: each kind per candidate, its count and an example. */
function errorsBanner(summary: Summary): string[] {
  const lines = errorLines(summary);
  const incomplete = incompleteCandidates(summary);
  if (lines.length === 0 && incomplete.length === 0) return [];
  const errored = lines.reduce((n, l) => n + l.count, 0);
  const title = nothingScored(summary) ? 'Nothing was scored.' : 'Errors.';
  const out = [
    '> [!CAUTION]',
    `> **${title}** ${formatInt(errored)} ${errored === 1 ? 'sample' : 'samples'} errored (not scored unless the candidate caused them).`,
    '>',
  ];
  for (const l of lines) {
    const example = l.example === null ? '' : `, e.g. ${md(`"${l.example}"`)}`;
    out.push(`> - ${md(l.candidate)}: ${md(l.kind)} ×${l.count}${example}`);
  }
  for (const c of incomplete)
    out.push(`> - ${md(c.id)} is incomplete: ${md(coverageNote(c, summary.minCoverage))}`);
  return [...out, ''];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
