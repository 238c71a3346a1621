/**
 * Writes every report of a run folder from what the folder holds: `summary.json`, `records.jsonl`
 * and (optional) `cases.jsonl`. The output is a pure function of those files, so
 * `tollgate report RUN_DIR` re-renders exactly what the run wrote.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { isFile } from '../log/is-file.ts';
import { readRecords } from '../log/read-records.ts';
import { readSummary } from '../log/read-summary.ts';
import type { Summary } from '../log/summary-file.ts';
import { renderCascadesCsv } from './cascades-csv.ts';
import { type CaseReports, openCaseReports } from './case-reports.ts';
import { renderHtmlReport } from './html-report.ts';
import { keepGateSection } from './keep-gate-section.ts';
import { readCaseFields, readCaseOrder } from './read-cases.ts';
import { renderSummaryCsv } from './summary-csv.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

/** The files `writeReports` writes into the run folder. */
export const REPORT_FILES = ['report.html', 'summary.csv', 'cases.csv', 'summary.md'] as const;

/**
 * Writes report.html, summary.csv, cases.csv and summary.md into `runDir` (and cascades.csv when
 * the summary has cascades). Records are streamed once, feeding cases.csv and the explorer
 * together, so memory stays flat on large runs. A caller that has just written summary.json passes
 * it as `summary` rather than have it read back; a run passes `caseReports` it fed as its samples
 * finished (the same records, in records.jsonl order), so none is read again. Each file is
 * written to a temporary name and renamed, so a reader never sees half a report. A gate section
 * already in summary.md (from `tollgate gate`) is kept.
 *
 * @throws UserError when the folder has no readable summary.json or records.jsonl
 * @example await writeReports('results/arithmetic/2025-03-04T05-06-07Z');
 */
export async function writeReports(
  runDir: string,
  opts: { summary?: Summary; caseReports?: CaseReports } = {},
): Promise<void> {
  const summary = opts.summary ?? (await readSummary(runDir));
  const recordsPath = join(runDir, 'records.jsonl');
  if (!(await isFile(recordsPath))) {
    throw new UserError(
      `Expected records.jsonl in the run folder ${runDir}, got none. Fix: pass the folder that \`tollgate run\` wrote.`,
    );
  }

  const casesPath = join(runDir, 'cases.jsonl');
  const hasCases = await isFile(casesPath);
  let reports = opts.caseReports;
  if (!reports) {
    reports = await openCaseReports(runDir, {
      candidates: summary.candidates.map((c) => c.id),
      order: hasCases ? await readCaseOrder(casesPath) : null,
    });
    try {
      for await (const r of readRecords(recordsPath)) reports.add(r);
    } catch (err) {
      await reports.discard();
      throw err;
    }
  }
  const fields = hasCases ? await readCaseFields(casesPath, new Set(reports.explorerCaseIds())) : null;
  const explorer = await reports.finish(fields);

  await writeTextAtomically(join(runDir, 'summary.csv'), renderSummaryCsv(summary));
  const cascadesCsv = renderCascadesCsv(summary);
  if (cascadesCsv !== null) await writeTextAtomically(join(runDir, 'cascades.csv'), cascadesCsv);
  const mdPath = join(runDir, 'summary.md');
  const previousMd = await readFile(mdPath, 'utf8').catch(() => null);
  const markdown = keepGateSection(previousMd, renderSummaryMarkdown(summary));
  await writeTextAtomically(mdPath, markdown);
  await writeTextAtomically(join(runDir, 'report.html'), renderHtmlReport(summary, explorer));
}
