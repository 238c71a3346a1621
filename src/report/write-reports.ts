/**
 * Writes every report of a run folder from what the folder holds: `summary.json`, `records.jsonl`
 * and (optional) `cases.jsonl`. The output is a pure function of those files, so
 * `tollgate report RUN_DIR` re-renders exactly what the run wrote.
 */

import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { readGateFileIfAny } from '../log/gate-file.ts';
import { isFile } from '../log/is-file.ts';
import { readRecords } from '../log/read-records.ts';
import { readSummary } from '../log/read-summary.ts';
import type { Summary } from '../log/summary-file.ts';
import { type CaseReports, openCaseReports } from './case-reports.ts';
import { type ExplorerData, NO_CASES } from './explorer-data.ts';
import { prepareHtmlReport } from './html-report.ts';
import type { PromptsIndex } from './prompts-index.ts';
import { readAllCaseFields } from './read-cases.ts';
import { readCasePrompts } from './read-prompts.ts';
import type { ReportContext, ReporterName } from './reporter.ts';
import { FILE_REPORTERS, REPORTERS } from './reporters.ts';

/** The files `writeReports` writes into every run folder (and cascades.csv, gate.json's junit.xml when there are). */
export const REPORT_FILES = ['report.html', 'summary.csv', 'cases.csv', 'summary.md', 'prices.csv'] as const;

/** Gets the report writers ready (Handlebars' runtime, the templates and stylesheets), so writing waits on none of it. */
export function prepareReports(): void {
  prepareHtmlReport();
}

/**
 * Writes report.html, summary.csv, cases.csv, summary.md and prices.csv into `runDir` (and cascades.csv when
 * the summary has cascades). Records are streamed once, feeding cases.csv and the explorer
 * together, so memory stays flat on large runs. A caller that has just written summary.json passes
 * it as `summary` rather than have it read back; a run passes `caseReports` it fed as its samples
 * finished (the same records, in records.jsonl order), so none is read again. Each file is
 * written to a temporary name and renamed, so a reader never sees half a report. summary.md is
 * rendered from the summary and the gate's result (gate.json, when the run was gated), and
 * junit.xml from the gate's result. `opts.reporters` chooses the reporters by name.
 *
 * @throws UserError when the folder has no readable summary.json or records.jsonl
 * @example await writeReports('results/arithmetic/2025-03-04T05-06-07Z');
 */
export async function writeReports(
  runDir: string,
  opts: {
    summary?: Summary;
    caseReports?: CaseReports;
    /** The prompts the run wrote to prompts.jsonl, kept: the file is then not read back. */
    prompts?: PromptsIndex | null;
    reporters?: readonly ReporterName[];
  } = {},
): Promise<void> {
  const summary = opts.summary ?? (await readSummary(runDir));
  const recordsPath = join(runDir, 'records.jsonl');
  if (!(await isFile(recordsPath))) {
    throw new UserError(
      `Expected records.jsonl in the run folder ${runDir}, got none. Fix: pass the folder that \`tollgate run\` wrote.`,
    );
  }
  const names = opts.reporters ?? FILE_REPORTERS;
  // cases.csv and the explorer come from the records: only the html and csv reporters need them
  const explorer = names.some((n) => n === 'html' || n === 'csv')
    ? await exploreCases(runDir, summary, opts.caseReports, opts.prompts ?? null)
    : NO_CASES;
  const ctx: ReportContext = { runDir, summary, gate: await readGateFileIfAny(runDir), explorer };
  // each renders while the one before is written to disk; a failure is thrown once all have ended
  const ended = await Promise.allSettled(names.map((name) => REPORTERS[name].onFinished?.(ctx)));
  const failed = ended.find((e) => e.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Writes cases.csv and gathers the explorer's cases (from the run's feed, or from records.jsonl). */
async function exploreCases(
  runDir: string,
  summary: Summary,
  fed: CaseReports | undefined,
  kept: PromptsIndex | null,
): Promise<ExplorerData> {
  const casesPath = join(runDir, 'cases.jsonl');
  const promptsPath = join(runDir, 'prompts.jsonl');
  // the run's feed holds every case's fields already; the feed from records reads them once
  const reports =
    fed ?? (await feedCaseReports(runDir, summary, (await isFile(casesPath)) ? casesPath : null));
  const shown = new Set(reports.explorerCaseIds());
  // optional: run folders written before prompts.jsonl, and task suites, have none
  const prompts = kept
    ? kept.casePrompts(shown)
    : (await isFile(promptsPath))
      ? await readCasePrompts(promptsPath, shown)
      : null;
  return reports.finish(prompts);
}

/** cases.csv and the explorer fed from records.jsonl, for a folder whose run did not feed them. */
async function feedCaseReports(
  runDir: string,
  summary: Summary,
  casesPath: string | null,
): Promise<CaseReports> {
  const fields = casesPath ? await readAllCaseFields(casesPath) : null;
  const reports = await openCaseReports(runDir, {
    candidates: summary.candidates.map((c) => c.id),
    order: fields ? new Map([...fields.keys()].map((id, i) => [id, i])) : null,
    fields,
  });
  try {
    for await (const r of readRecords(join(runDir, 'records.jsonl'))) reports.add(r);
  } catch (err) {
    await reports.discard();
    throw err;
  }
  return reports;
}
