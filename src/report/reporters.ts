/**
 * The reporters of a run folder, one typed map. cases.csv is the one report written row by row as
 * samples finish (src/report/case-reports.ts); the rest are written here from the finished summary,
 * the gate result and the explorer's cases.
 */
import { join } from 'node:path';
import { renderJUnit } from '../gate/junit.ts';
import { renderGateMarkdown } from '../gate/markdown.ts';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { renderCascadesCsv } from './cascades-csv.ts';
import { renderSummaryTable } from './console-summary.ts';
import { renderGroupsCsv } from './groups-csv.ts';
import { renderHtmlReport } from './html-report.ts';
import type { ReportContext, Reporter, ReporterName } from './reporter.ts';
import { renderSummaryCsv } from './summary-csv.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

/** summary.md: the summary, then the gate's section when the run was gated. */
export function renderRunMarkdown(ctx: Pick<ReportContext, 'summary' | 'gate'>): string {
  const markdown = renderSummaryMarkdown(ctx.summary);
  if (!ctx.gate) return markdown;
  return `${markdown.replace(/\n*$/, '\n')}\n${renderGateMarkdown(ctx.gate)}`;
}

export const REPORTERS: Record<ReporterName, Reporter> = {
  html: {
    onFinished: (ctx) =>
      writeTextAtomically(join(ctx.runDir, 'report.html'), renderHtmlReport(ctx.summary, ctx.explorer)),
  },
  csv: {
    async onFinished(ctx) {
      await writeTextAtomically(join(ctx.runDir, 'summary.csv'), renderSummaryCsv(ctx.summary));
      const cascades = renderCascadesCsv(ctx.summary);
      if (cascades !== null) await writeTextAtomically(join(ctx.runDir, 'cascades.csv'), cascades);
      const groups = renderGroupsCsv(ctx.summary);
      if (groups !== null) await writeTextAtomically(join(ctx.runDir, 'groups.csv'), groups);
    },
  },
  markdown: {
    onFinished: (ctx) => writeTextAtomically(join(ctx.runDir, 'summary.md'), renderRunMarkdown(ctx)),
  },
  junit: {
    async onFinished(ctx) {
      if (ctx.gate) await writeTextAtomically(join(ctx.runDir, 'junit.xml'), renderJUnit(ctx.gate));
    },
  },
  console: {
    async onFinished(ctx) {
      ctx.print?.(renderSummaryTable(ctx.summary, ctx.color ?? false));
    },
  },
};

/** The reporters a run folder gets by default: its files. The console is the CLI's to choose. */
export const FILE_REPORTERS: readonly ReporterName[] = ['csv', 'markdown', 'html', 'junit'];
