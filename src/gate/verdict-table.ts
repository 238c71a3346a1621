/** The gate's verdicts as a plain-text table for the console. */
import pc from 'picocolors';
import { escapeControl } from '../escape-control.ts';
import type { GateResult, VerdictStatus } from './types.ts';
import { gateTally, STATUS_WORD, verdictCells } from './verdict-cells.ts';

const HEADERS = ['candidate', 'check', 'baseline', 'current', 'delta', 'p', 'verdict'] as const;
/** Numbers align right. */
const RIGHT = new Set([2, 3, 4, 5]);

/**
 * Renders the verdict table, then each failure's reason, the notes and a one-line outcome.
 * Ids are shown with control characters escaped, so they cannot break lines or inject escapes.
 * @param opts.color colour the verdicts (pass `false` for NO_COLOR or a non-TTY)
 */
export function renderVerdictTable(result: GateResult, opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const paint: Record<VerdictStatus, (s: string) => string> = {
    pass: c.green,
    fail: (s) => c.bold(c.red(s)),
    skip: c.yellow,
    inconclusive: c.yellow,
  };
  const rows = result.verdicts.map((v) => {
    const cells = verdictCells(v);
    return [
      escapeControl(v.candidate),
      v.check,
      cells.baseline,
      cells.current,
      cells.delta,
      cells.p,
      STATUS_WORD[v.status],
    ];
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (s: string, i: number) => (RIGHT.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const lines: string[] = [];
  lines.push(c.bold(HEADERS.map(pad).join('  ').trimEnd()));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  result.verdicts.forEach((v, r) => {
    const cells = rows[r]!.map(pad);
    // colour after padding, so escape codes do not upset the widths
    cells[6] = paint[v.status](cells[6]!.trimEnd());
    lines.push(cells.join('  '));
  });
  const failures = result.verdicts.filter((v) => v.status === 'fail');
  if (failures.length > 0) {
    lines.push('');
    for (const v of failures)
      lines.push(`${c.red('✗')} ${escapeControl(v.candidate)} ${v.check}: ${escapeControl(v.message)}`);
  }
  const inconclusive = result.verdicts.filter((v) => v.status === 'inconclusive');
  if (inconclusive.length > 0) {
    lines.push('');
    const byCandidate = new Map(inconclusive.map((v) => [v.candidate, v.message]));
    for (const [id, message] of byCandidate)
      lines.push(`${c.yellow('?')} ${escapeControl(id)}: ${escapeControl(message)}`);
  }
  if (result.notes.length > 0) {
    lines.push('');
    for (const note of result.notes) lines.push(`${c.yellow('note:')} ${escapeControl(note)}`);
  }
  const tally = gateTally(result.counts);
  lines.push('');
  lines.push(
    result.counts.fail > 0
      ? c.bold(c.red(`Gate failed (${tally}).`))
      : result.passed
        ? c.green(`Gate passed (${tally}).`)
        : c.yellow(`Gate inconclusive (${tally}).`),
  );
  return `${lines.join('\n')}\n`;
}
