/**
 * `tollgate history`: reads a suite's runs (summaries only) and baseline, writes history.html
 * beside them, and returns the console and Markdown views.
 */
import { join } from 'node:path';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { renderHistoryHtml } from './history-html.ts';
import { renderHistoryMarkdown, renderHistoryText } from './history-text.ts';
import { type History, readHistory } from './read-history.ts';
import { buildTrends, type CandidateTrend } from './trend.ts';

export interface HistoryOptions {
  /** The suite's results folder, e.g. results/demo. */
  dir: string;
  suite: string;
  /** @default `dir/baseline.json` when it exists */
  baselinePath?: string;
  /** Rows per candidate in the console and Markdown views (history.html shows every run). */
  last: number;
  /** Write history.html. @default true */
  html?: boolean;
}

export interface HistoryResult {
  history: History;
  trends: CandidateTrend[];
  text: string;
  markdown: string;
  /** history.html's path, or null when it was not written. */
  htmlPath: string | null;
}

/** Reads the history and writes history.html (atomically), unless `html` is false. */
export async function runHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const history = await readHistory(opts.dir, opts.suite, opts.baselinePath);
  const trends = buildTrends(history);
  let htmlPath: string | null = null;
  if (opts.html !== false && history.runs.length > 0) {
    htmlPath = join(opts.dir, 'history.html');
    await writeTextAtomically(htmlPath, renderHistoryHtml(history, trends));
  }
  return {
    history,
    trends,
    text: renderHistoryText(history, trends, opts.last),
    markdown: renderHistoryMarkdown(history, trends, opts.last),
    htmlPath,
  };
}
