/**
 * The optional sections of summary.md: the cascades (with the oracle bound) and the production
 * calculator. Each is empty when the run has nothing to show, so plain runs read as before.
 */
import type { Summary } from '../log/summary-file.ts';
import { buildCalculatorTable } from './calculator-table.ts';
import { buildCascadeTable } from './cascade-table.ts';
import { escapeMarkdown as md } from './markdown-escape.ts';

/** `## Cascades`, or no lines without cascades. */
export function cascadeMarkdown(summary: Summary): string[] {
  const t = buildCascadeTable(summary);
  if (!t) return [];
  const header = [
    'Cascade',
    'Steps (samples each answered)',
    'Check (escalate when it fails)',
    'Accuracy (95% CI)',
    'Cost / success',
    'Cost / sample',
    'Escalated',
    'Meets bar',
  ];
  const align = ['---', '---', '---', '---:', '---:', '---:', '---:', ':---:'];
  const rows = t.rows.map((r) =>
    row([
      r.kind === 'oracle' ? `_${md(r.id)}_` : md(r.id),
      md(r.answeredBy),
      md(
        r.check +
          (r.checkCost ? ` (judge calls ${r.checkCost}, in the cost)` : '') +
          (r.optimistic ? ` — ${r.optimistic}` : ''),
      ),
      md(`${r.accuracy} (${r.interval})`),
      md(r.costPerSuccess),
      md(r.costPerSample),
      md(r.escalated),
      md(r.meetsBar),
    ]),
  );
  return ['## Cascades', '', row(header), row(align), ...rows, '', md(t.note), ''];
}

/** `## Production calculator`, or no lines without a projection. */
export function calculatorMarkdown(summary: Summary): string[] {
  const t = buildCalculatorTable(summary);
  if (!t) return [];
  const align = t.columns.map((_, i) => (i === 0 ? '---' : '---:'));
  const rows = t.rows.map((r) => row([r.pick ? `**${md(r.id)}** (pick)` : md(r.id), ...r.cells.map(md)]));
  return [
    '## Production calculator',
    '',
    md(t.inputs),
    '',
    row(t.columns.map(md)),
    row(align),
    ...rows,
    '',
    ...t.formulas.map((f) => `- \`${f}\``),
    '',
    md(t.honesty),
    '',
    ...t.assumptions.map((x) => `- ${md(x)}`),
    '',
  ];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
