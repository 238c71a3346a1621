/**
 * The baseline's pick for a run to be compared with ("now clears the bar at N% less per success
 * than the baseline's …"). Informational: a missing or broken baseline gives none here (the gate
 * is what reports a broken baseline).
 */
import { baselinePick } from '../analysis/pick-news.ts';
import { readBaseline } from '../log/baseline-file.ts';
import { isFile } from '../log/is-file.ts';
import type { Summary } from '../log/summary-file.ts';

/** The summary with the baseline's pick in `comparedPick`, or as it was without a readable baseline. */
export async function withBaselinePick(summary: Summary, baselinePath: string): Promise<Summary> {
  if (summary.qualityBar === null || !(await isFile(baselinePath))) return summary;
  const baseline = await readBaseline(baselinePath, summary.suite).catch(() => null);
  if (!baseline) return summary;
  const candidates = Object.values(baseline.candidates).map((e) => e.summary);
  return { ...summary, comparedPick: baselinePick(candidates, summary.qualityBar, baseline.runId) };
}
