/** A CSV cell before it is written: `null` becomes an empty cell. */
export type CsvCell = string | number | boolean | null;

/** Characters that make a cell need quotes: the delimiter, the quote, and line breaks. */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One cell as every CSV tollgate writes it (RFC 4180): a cell with a comma, a quote or a line
 * break is quoted, with its quotes doubled, so it round-trips through any CSV reader; booleans are
 * `true`/`false`; `null` and `''` are empty. The same bytes csv-stringify writes with
 * `record_delimiter: '\n'` and booleans cast to words (a test checks it on arbitrary cells); a
 * cell at a time, because the run writes cases.csv a row at a time.
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, ending with `\n`. */
export function csvRow(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]!);
  return `${line}\n`;
}

/** A whole CSV text: one line per row, each ending with `\n`. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map(csvRow).join('');
}
