/**
 * Every CSV tollgate writes goes through csv-stringify (RFC 4180): a cell with a comma, a quote, a
 * line feed or a carriage return is quoted, with its quotes doubled, so it round-trips through any
 * CSV reader; booleans are `true`/`false`; `null` and `''` are empty; rows end with `\n`.
 */
import { type Options, stringify } from 'csv-stringify/sync';

/** A CSV cell before it is written: `null` becomes an empty cell. */
export type CsvCell = string | number | boolean | null;

const OPTIONS: Options = {
  eof: true,
  record_delimiter: '\n',
  // without it a lone \r stays unquoted, and csv-parse splits the row there
  quote_record_delimiter: true,
  cast: { boolean: (b: boolean) => (b ? 'true' : 'false') },
};

/** One CSV line, ending with `\n`: cases.csv is written a row at a time, as samples finish. */
export function csvRow(cells: readonly CsvCell[]): string {
  return stringify([cells as CsvCell[]], OPTIONS);
}

/** A whole CSV text: one line per row, each ending with `\n`. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows as CsvCell[][], OPTIONS);
}
