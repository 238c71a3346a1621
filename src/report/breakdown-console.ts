/**
 * The console's compact breakdown: per `groupBy` column, one line per candidate with each group's
 * accuracy (the weakest marked ▼), and each scorer's pass rate when the suite has more than one.
 */
import { formatPct } from '../format/percent.ts';
import { safeText } from '../format/safe-text.ts';
import { textTable } from '../format/text-table.ts';
import type { Summary } from '../log/summary-file.ts';

/** More groups than this in a column: only each candidate's weakest is shown. */
const MAX_GROUP_COLUMNS = 6;

/** The lines, or none without breakdowns. */
export function breakdownConsole(s: Summary): string[] {
  const out: string[] = [];
  for (const column of s.groupBy ?? []) {
    const groups = (s.groups ?? []).filter((g) => g.column === column);
    const values = [...new Set(groups.map((g) => g.value))];
    const cell = (candidate: string, value: string) => {
      const g = groups.find((x) => x.candidate === candidate && x.value === value);
      return g ? `${formatPct(g.accuracy, 0)}${g.weakest ? ' ▼' : ''}` : '—';
    };
    const ids = s.candidates.map((c) => c.id);
    if (values.length > MAX_GROUP_COLUMNS) {
      out.push(`Weakest ${safeText(column, 40)} per candidate (of ${values.length} groups):`);
      for (const g of groups.filter((x) => x.weakest))
        out.push(`  ${safeText(g.candidate, 40)}: ${safeText(g.value, 40)} ${formatPct(g.accuracy, 0)}`);
    } else {
      out.push(`Accuracy by ${safeText(column, 40)} (▼ weakest):`);
      const rows = ids.map((id) => [safeText(id, 40), ...values.map((v) => cell(id, v))]);
      out.push(
        textTable(['candidate', ...values.map((v) => safeText(v, 24))], rows, [
          false,
          ...values.map(() => true),
        ]),
      );
    }
  }
  if (s.groupBy?.length) out.push('Cost per success and coverage per group: summary.md and groups.csv.', '');
  const names = [...new Set((s.scorers ?? []).map((x) => x.scorer))];
  if (names.length > 1) {
    out.push('Pass rate by scorer:');
    const rate = (id: string, n: string) =>
      formatPct((s.scorers ?? []).find((x) => x.candidate === id && x.scorer === n)?.passRate ?? null, 0);
    const rows = s.candidates.map((c) => [safeText(c.id, 40), ...names.map((n) => rate(c.id, n))]);
    out.push(textTable(['candidate', ...names.map((n) => safeText(n, 24))], rows), '');
  }
  return out;
}
