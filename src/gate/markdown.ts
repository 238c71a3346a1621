/** The gate's verdicts as a Markdown section, for summary.md and $GITHUB_STEP_SUMMARY. */

import { escapeControl } from '../escape-control.ts';
import { formatPct } from '../format/percent.ts';
import type { GateResult, VerdictStatus } from './types.ts';
import { gateTally, STATUS_WORD, verdictCells } from './verdict-cells.ts';

/** Marks the section, so that running the gate again replaces it in summary.md. */
export const GATE_SECTION_START = '<!-- tollgate:gate -->';
export const GATE_SECTION_END = '<!-- /tollgate:gate -->';

const ICON: Record<VerdictStatus, string> = { pass: '✅', fail: '❌', skip: '➖', inconclusive: '❔' };

/**
 * Renders the gate section: outcome, limits, a verdict table, the failures with their reasons,
 * and the notes. Every id and message is escaped, so it renders as text (no HTML, no links, no
 * broken tables).
 */
export function renderGateMarkdown(result: GateResult): string {
  const lines: string[] = [GATE_SECTION_START];
  const outcome = result.counts.fail > 0 ? '❌ failed' : result.passed ? '✅ passed' : '❔ inconclusive';
  lines.push(`## Gate: ${outcome}`);
  lines.push('');
  const against = result.baseline ? `against baseline run ${md(result.baseline.runId)}` : 'with no baseline';
  lines.push(`Suite ${md(result.suite)}, run ${md(result.runId)}, ${against}: ${gateTally(result.counts)}.`);
  const { qualityBar, maxAccuracyDrop, maxCostIncrease, maxTokenIncrease } = result.spec;
  lines.push(
    `Limits: quality bar ${qualityBar === null ? 'none' : formatPct(qualityBar)}; ` +
      `an accuracy drop fails when over ${(maxAccuracyDrop * 100).toFixed(1)} pts and significant (paired test, p < 0.05); ` +
      `cost per success at most +${(maxCostIncrease * 100).toFixed(1)}%` +
      (maxTokenIncrease === undefined
        ? '.'
        : `; tokens per sample at most +${(maxTokenIncrease * 100).toFixed(1)}%.`),
  );
  lines.push('');
  lines.push('| candidate | check | baseline | current | delta | p | verdict |');
  lines.push('|---|---|--:|--:|--:|--:|---|');
  for (const v of result.verdicts) {
    const c = verdictCells(v);
    const cells = [
      md(v.candidate),
      v.check,
      md(c.baseline),
      md(c.current),
      md(c.delta),
      md(c.p),
      `${ICON[v.status]} ${STATUS_WORD[v.status]}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const failures = result.verdicts.filter((v) => v.status === 'fail');
  if (failures.length > 0) {
    lines.push('');
    lines.push('**Failures**');
    lines.push('');
    for (const v of failures) lines.push(`- **${md(v.candidate)}** ${v.check}: ${md(v.message)}`);
  }
  if (result.notes.length > 0) {
    lines.push('');
    for (const note of result.notes) lines.push(`> **Note:** ${md(note)}`);
  }
  lines.push(GATE_SECTION_END);
  return `${lines.join('\n')}\n`;
}

/**
 * Text that Markdown shows as typed: control characters made visible, Markdown punctuation
 * backslash-escaped (`$` too, so GitHub does not read `$1 ... $2` as math), `&` as an entity (so
 * `<script>` and `[x](y)` stay text), on one line.
 */
export function md(s: string): string {
  return escapeControl(s)
    .replace(/[\\`*_{}[\]()<>#+!|~$]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;');
}
