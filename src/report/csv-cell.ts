import type { Options } from 'csv-stringify';

/** A CSV cell before stringifying: `null` becomes an empty cell. */
export type CsvCell = string | number | boolean | null;

/**
 * csv-stringify options shared by every CSV tollgate writes: RFC 4180 quoting (so commas,
 * quotes and newlines inside a cell round-trip), `\n` line endings, booleans as `true`/`false`
 * rather than the library's `1`/empty default, and `null` as an empty cell.
 */
export const CSV_OPTIONS: Options = {
  eof: true,
  record_delimiter: '\n',
  cast: { boolean: (b: boolean) => (b ? 'true' : 'false') },
};
