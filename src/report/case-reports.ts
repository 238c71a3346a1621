/**
 * The per-sample parts of the reports, fed one record at a time: cases.csv, written as rows arrive,
 * and the explorer's cases, kept in bounded memory. A run feeds it as its samples finish, so the
 * reports at its end cost nothing per sample; `tollgate report` feeds it from records.jsonl. Fed
 * the same records in the same order, both write the same bytes.
 */

import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempPathFor } from '../log/atomic-write.ts';
import type { SampleRecord } from '../log/records-file.ts';
import { caseCsvRow, caseFieldNames, casesCsvHeader } from './cases-csv.ts';
import { csvRow } from './csv-cell.ts';
import { type CasePrompts, createExplorerCollector, type ExplorerData } from './explorer-data.ts';

/** Bytes of CSV gathered before one write. */
const FLUSH_AT = 1 << 16;

export interface CaseReports {
  /** Takes the next record, in records.jsonl order. */
  add(r: SampleRecord): void;
  /** The cases the explorer shows (their prompts are read for these only). */
  explorerCaseIds(): string[];
  /**
   * Moves the complete cases.csv into place and returns the explorer, with the dataset fields it
   * was opened with and the shown cases' prompts.
   */
  finish(prompts?: CasePrompts | null): Promise<ExplorerData>;
  /** Drops the unfinished cases.csv (the run did not get as far as its reports). */
  discard(): Promise<void>;
}

/**
 * Starts cases.csv (under a temporary name until `finish`) in `runDir`.
 * @param opts.candidates the run's candidate ids, in the summary's order
 * @param opts.order each case id's position in the dataset (cases.jsonl); null when unknown
 * @param opts.fields every case's dataset fields, in the dataset's order, for cases.csv's `expected`
 *   and `input.NAME` columns; null or absent without cases.jsonl
 */
export async function openCaseReports(
  runDir: string,
  opts: {
    candidates: string[];
    order: ReadonlyMap<string, number> | null;
    fields?: ReadonlyMap<string, Record<string, unknown>> | null;
  },
): Promise<CaseReports> {
  const path = join(runDir, 'cases.csv');
  const tmp = tempPathFor(path);
  const fh: FileHandle = await open(tmp, 'w');
  const explorer = createExplorerCollector(opts);
  const fieldNames = opts.fields ? caseFieldNames(opts.fields.values()) : [];
  let buffered: string[] = [csvRow(casesCsvHeader(fieldNames))];
  let size = 0;
  // writes go out one after another, off the event loop; the first failure is kept for finish()
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  const flush = () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    writing = writing.then(() =>
      fh.write(chunk).then(
        () => undefined,
        (err: unknown) => {
          failed ??= err;
        },
      ),
    );
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await writing;
    await fh.close();
  };
  return {
    add(r) {
      explorer.add(r);
      const row = csvRow(caseCsvRow(r, opts.fields?.get(r.caseId), fieldNames));
      buffered.push(row);
      size += row.length;
      if (size >= FLUSH_AT) flush();
    },
    explorerCaseIds: () => explorer.caseIds(),
    async finish(prompts = null) {
      flush();
      await close();
      if (failed) {
        await rm(tmp, { force: true });
        throw failed;
      }
      await rename(tmp, path);
      return explorer.finish(opts.fields ?? null, prompts);
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
