/** summary.md's breakdown sections: `## By COLUMN` per `groupBy` column, and `## Scorers`. */
import type { Summary } from '../log/summary-file.ts';
import { buildBreakdownTables } from './breakdown-table.ts';
import { escapeMarkdown as md } from './markdown-escape.ts';

/** The sections, or no lines when the summary has no breakdowns. */
export function breakdownMarkdown(summary: Summary): string[] {
  const t = buildBreakdownTables(summary);
  if (!t) return [];
  const lines: string[] = [];
  for (const g of t.groups) {
    lines.push(`## By ${md(g.column)}`, '');
    lines.push(row(['Candidate', md(g.column), 'Cases', 'Accuracy (95% CI)', 'Cost / success', 'Coverage']));
    lines.push(row(['---', '---', '---:', '---:', '---:', '---:']));
    for (const r of g.rows) {
      const accuracy = md(`${r.accuracy} (${r.interval})`);
      lines.push(
        row([
          r.first ? md(r.candidate) : '',
          r.weakest ? `**${md(r.group)}** (weakest)` : md(r.group),
          md(r.cases),
          r.weakest ? `**${accuracy}**` : accuracy,
          md(r.costPerSuccess),
          md(r.coverage),
        ]),
      );
    }
    lines.push('');
  }
  if (t.scorers.length > 0) {
    lines.push(
      '## Scorers',
      '',
      row(['Candidate', 'Scorer', 'Passed', 'Pass rate']),
      row(['---', '---', '---:', '---:']),
    );
    for (const s of t.scorers) lines.push(row([md(s.candidate), md(s.scorer), md(s.passed), md(s.passRate)]));
    lines.push('');
  }
  return lines;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
