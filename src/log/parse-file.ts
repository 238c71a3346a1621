/**
 * Checks data read from a run-folder file against its schema: a file of a newer version, or one
 * with a wrong field, is a UserError naming the file, the line (JSONL) and the field path.
 */
import type { z } from 'zod';
import { ConfigError, UserError } from '../errors.ts';
import { valueAt, zodToIssues } from '../issues/zod-issues.ts';

/** Where the data came from, for messages. */
export interface FilePlace {
  file: string;
  /** The 1-based line of a JSONL line; null for a whole-file JSON. */
  line: number | null;
}

/** More than this many wrong fields are summed up: one broken line is enough to see what is wrong. */
const MAX_ISSUES = 8;

/** The `version` a file (or JSONL line) carries; 1 when it has none (the files written before versions). */
export function versionOf(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('version' in data)) return 1;
  return (data as { version: unknown }).version;
}

/**
 * Fails with a UserError when `data` says it is of a version newer than `known`.
 * @param what the file kind for the message, e.g. `records.jsonl`
 */
export function checkVersion(data: unknown, known: number, what: string, at: FilePlace): void {
  const v = versionOf(data);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= known) return;
  throw new UserError(
    `Expected a ${what} of version ${known} or older, got version ${v} at ${where(at)}. ` +
      'Fix: it was written by a newer tollgate; upgrade tollgate to read it.',
  );
}

/**
 * Validates `data` with `schema` and returns it as the schema's type. The data is returned as read
 * (not zod's copy), so its fields keep their order and fields this code does not know survive.
 * @param fix what the user can do about a bad field
 * @throws ConfigError (a UserError, exit 2) listing each bad field with its path
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  data: unknown,
  at: FilePlace,
  fix: string,
): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return data as z.infer<S>;
  const issues = zodToIssues(
    result.error,
    at.file,
    () => at.line,
    data,
    () => [],
  )
    .slice(0, MAX_ISSUES)
    .map((i) => ({
      ...i,
      got: gotAt(data, i.path) ?? i.got.replace(/^a undefined$/, 'nothing'),
      fix: `${i.fix.replace(/\.$/, '')}; ${fix}`,
    }));
  throw new ConfigError(issues);
}

/** The value at a dotted path as short JSON, or null when the path does not lead to one. */
function gotAt(data: unknown, path: string): string | null {
  const value = path === '' ? data : valueAt(data, path.split('.'));
  if (value === undefined) return null;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** A JSON text parsed, or a UserError naming the file and line. */
export function parseJson(text: string, at: FilePlace, fix: string, what = 'JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const conflict = /^<{7}|^>{7}/m.test(text) ? ' (it has merge-conflict markers)' : '';
    throw new UserError(
      `Expected ${what} at ${where(at)}, got ${at.line === null ? 'text' : 'a line'} that does not parse${conflict} (${(err as Error).message}). Fix: ${fix}.`,
    );
  }
}

function where(at: FilePlace): string {
  return at.line === null ? at.file : `${at.file}:${at.line}`;
}
