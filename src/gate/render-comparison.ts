/** `tollgate compare` output for people: a per-candidate table and the flipped cases. */
import pc from 'picocolors';
import { escapeControl } from '../escape-control.ts';
import { formatUsd } from '../format/money.ts';
import { formatP } from '../format/number.ts';
import { formatPct, formatPoints, formatRelative } from '../format/percent.ts';
import type { CandidateComparison, FlippedCase, RunComparison } from './compare-runs.ts';
import { cell } from './verdict-cells.ts';

const HEADERS = [
  'candidate',
  'accuracy A -> B',
  'delta',
  'p',
  'cost/success A -> B',
  'delta',
  'cost A -> B',
  'delta',
];

/**
 * Renders a comparison as text.
 * @param opts.limit most flipped cases listed per direction and candidate (the JSON has all)
 * @default opts.limit 20
 */
export function renderComparison(cmp: RunComparison, opts: { color: boolean; limit?: number }): string {
  const c = pc.createColors(opts.color);
  const limit = opts.limit ?? 20;
  const lines: string[] = [];
  lines.push(
    `A: ${escapeControl(cmp.a.runId)}  B: ${escapeControl(cmp.b.runId)}  (suite ${escapeControl(cmp.b.suite)})`,
  );
  lines.push('');
  const rows = cmp.candidates.map(row);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push(c.bold(fmt(HEADERS)));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) lines.push(fmt(r));
  for (const cand of cmp.candidates) {
    if (cand.passToFail.length === 0 && cand.failToPass.length === 0) continue;
    lines.push('');
    lines.push(
      `${c.bold(escapeControl(cand.candidate))}: ${cand.passToFail.length} cases pass -> fail, ${cand.failToPass.length} fail -> pass`,
    );
    if (cand.passToFail.length > 0) lines.push(`  ${c.red('pass -> fail')}: ${list(cand.passToFail, limit)}`);
    if (cand.failToPass.length > 0)
      lines.push(`  ${c.green('fail -> pass')}: ${list(cand.failToPass, limit)}`);
  }
  const only = cmp.candidates.filter((x) => !x.inA || !x.inB);
  const notes = [
    ...only.map((x) => `${escapeControl(x.candidate)} is only in run ${x.inA ? 'A' : 'B'}.`),
    ...cmp.candidates
      .filter((x) => x.paired && x.paired.onlyA + x.paired.onlyB > 0)
      .map(
        (x) =>
          `${escapeControl(x.candidate)}: paired over ${x.paired!.cases} shared cases (${x.paired!.onlyA} only in A, ${x.paired!.onlyB} only in B).`,
      ),
    ...cmp.notes.map(escapeControl),
  ];
  if (notes.length > 0) {
    lines.push('');
    for (const n of notes) lines.push(`${c.yellow('note:')} ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

function row(x: CandidateComparison): string[] {
  return [
    escapeControl(x.candidate),
    `${cell(x.accuracy.a, formatPct)} -> ${cell(x.accuracy.b, formatPct)}`,
    cell(x.accuracy.delta, formatPoints),
    cell(x.paired?.p, formatP),
    `${cell(x.costPerSuccessUsd.a, formatUsd)} -> ${cell(x.costPerSuccessUsd.b, formatUsd)}`,
    cell(x.costPerSuccessUsd.relative, formatRelative),
    `${cell(x.costUsd.a, formatUsd)} -> ${cell(x.costUsd.b, formatUsd)}`,
    cell(x.costUsd.delta, (d) => `${d >= 0 ? '+' : '-'}${formatUsd(Math.abs(d))}`),
  ];
}

function list(cases: FlippedCase[], limit: number): string {
  const single = cases.every((x) => x.a[1] === 1 && x.b[1] === 1);
  const shown = cases
    .slice(0, limit)
    .map((x) => `${escapeControl(x.caseId)}${single ? '' : ` (${x.a[0]}/${x.a[1]} -> ${x.b[0]}/${x.b[1]})`}`);
  const more = cases.length > limit ? `, ... and ${cases.length - limit} more (--json lists all)` : '';
  return shown.join(', ') + more;
}
