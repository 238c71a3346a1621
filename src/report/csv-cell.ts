/**
 * Every CSV tollgate writes, in RFC 4180: a cell with a comma, a quote, a line feed or a carriage
 * return is quoted, with its quotes doubled, so it round-trips through any CSV reader; booleans are
 * `true`/`false`; `null` and `''` are empty; rows end with `\n`. It writes what csv-stringify writes
 * with these options (a test compares the two on arbitrary cells) at a fraction of the cost per
 * row, which matters for cases.csv, written a row per sample.
 */

/** A CSV cell before it is written: `null` becomes an empty cell. */
export type CsvCell = string | number | boolean | null;

/** What makes a cell need quotes: a lone `\r` too, or a reader would split the row there. */
const NEEDS_QUOTES = /[",\n\r]/;

function cellText(c: CsvCell): string {
  if (c === null) return '';
  if (typeof c !== 'string') return String(c);
  return NEEDS_QUOTES.test(c) ? `"${c.replaceAll('"', '""')}"` : c;
}

/** One CSV line, ending with `\n`: cases.csv is written a row at a time, as samples finish. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(cellText).join(',')}\n`;
}

/** A whole CSV text: one line per row, each ending with `\n`. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  let text = '';
  for (const row of rows) text += csvRow(row);
  return text;
}
