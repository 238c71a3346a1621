import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors.ts';
import { describe, truncate } from '../issues/describe-value.ts';
import type { CaseRow } from './case-row.ts';

/**
 * Loads a dataset file into cases, with the text they came from. JSONL errors carry line numbers;
 * CSV needs a header row.
 * Case ids come from `idField` (default `id`), else the 1-based row number.
 */
export async function loadDataset(path: string, idField = 'id'): Promise<{ cases: CaseRow[]; text: string }> {
  const { rows, text } = await readRows(path);
  return { cases: toCases(rows, path, idField), text };
}

/** Turns raw rows into cases, checking ids. Exported for inline datasets. */
export function toCases(
  rows: Array<{ row: unknown; line: number | null }>,
  file: string,
  idField = 'id',
): CaseRow[] {
  const issues: ConfigIssue[] = [];
  if (rows.length === 0) {
    throw new ConfigError([
      {
        file,
        path: '',
        line: null,
        expected: 'at least one case',
        got: 'an empty dataset',
        fix: 'add rows to the dataset.',
      },
    ]);
  }
  const seen = new Map<string, number>();
  const cases: CaseRow[] = [];
  rows.forEach(({ row, line }, i) => {
    const where = line ?? i + 1;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      issues.push({
        file,
        path: line === null ? `[${i}]` : '',
        line,
        expected: 'an object of fields',
        got: describe(row),
        fix: 'make every row an object such as {"id": "c1", "question": "..."}.',
      });
      return;
    }
    const fields = row as Record<string, unknown>;
    const rawId = fields[idField];
    const id = rawId === undefined || rawId === null || rawId === '' ? String(i + 1) : String(rawId);
    const prev = seen.get(id);
    if (prev !== undefined) {
      issues.push({
        file,
        path: line === null ? `[${i}].${idField}` : idField,
        line,
        expected: 'unique case ids',
        got: `id "${id}" again (first at ${line === null ? `row ${prev}` : `line ${prev}`})`,
        fix: `give every case a distinct "${idField}".`,
      });
      return;
    }
    seen.set(id, where);
    cases.push({ id, fields });
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return cases;
}

/** The file's rows (with their line numbers where the format has lines) and its text. */
async function readRows(
  path: string,
): Promise<{ rows: Array<{ row: unknown; line: number | null }>; text: string }> {
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) {
      throw new ConfigError([
        {
          file: path,
          path: '',
          line: null,
          expected: 'a dataset file',
          got: 'a directory',
          fix: 'point `dataset` at a .jsonl, .json or .csv file.',
        },
      ]);
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([
      {
        file: path,
        path: '',
        line: null,
        expected: 'a readable dataset file',
        got: code === 'ENOENT' ? 'no such file' : `an unreadable file (${code ?? 'error'})`,
        fix: 'check the `dataset` path; it is relative to the suite file.',
      },
    ]);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return { rows: parseJsonl(text, path), text };
  if (ext === '.json') return { rows: parseJsonArray(text, path), text };
  if (ext === '.csv') return { rows: await parseCsvRows(text, path), text };
  throw new ConfigError([
    {
      file: path,
      path: '',
      line: null,
      expected: 'a .jsonl, .json or .csv dataset',
      got: `"${ext || 'no extension'}"`,
      fix: 'convert the dataset to JSONL, JSON or CSV.',
    },
  ]);
}

function parseJsonl(text: string, file: string) {
  const rows: Array<{ row: unknown; line: number | null }> = [];
  const issues: ConfigIssue[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      rows.push({ row: JSON.parse(line), line: i + 1 });
    } catch (err) {
      issues.push({
        file,
        path: '',
        line: i + 1,
        expected: 'one JSON object per line',
        got: `${truncate(line)} (${(err as Error).message})`,
        fix: 'fix the JSON on that line, or remove it.',
      });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return rows;
}

function parseJsonArray(text: string, file: string) {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([
      {
        file,
        path: '',
        line: null,
        expected: 'a JSON array of objects',
        got: `invalid JSON (${(err as Error).message})`,
        fix: 'fix the JSON syntax.',
      },
    ]);
  }
  if (!Array.isArray(data)) {
    throw new ConfigError([
      {
        file,
        path: '',
        line: null,
        expected: 'a JSON array of objects',
        got: describe(data),
        fix: 'wrap the rows in [ ... ].',
      },
    ]);
  }
  return data.map((row) => ({ row, line: null }));
}

/** CSV rows with their line numbers; the CSV parser loads only for a CSV dataset. */
async function parseCsvRows(text: string, file: string) {
  const { parse: parseCsv } = await import('csv-parse/sync');
  try {
    const records = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
    }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return records.map((r) => ({ row: r.record as unknown, line: r.info.lines }));
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new ConfigError([
      {
        file,
        path: '',
        line: e.lines ?? null,
        expected: 'valid CSV with a header row',
        got: e.message.replace(/^Invalid \w+ /, ''),
        fix: 'quote fields that contain commas, quotes or newlines, and double any quote inside a quoted field ("").',
      },
    ]);
  }
}
