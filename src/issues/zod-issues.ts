import type { z } from 'zod';
import type { ConfigIssue } from '../errors.ts';
import { describe } from './describe-value.ts';
import { nearest } from './nearest.ts';

/** Finds the 1-based line of a field path in the source, or null. */
export type LineOf = (path: Array<string | number>) => number | null;
/** The valid keys of the object at a path, for unknown-key suggestions. */
export type KeysFor = (path: Array<string | number>, input: unknown) => string[];

/**
 * Turns zod issues into tollgate's issues: file, dotted path, line, expected, got and a fix.
 * Unknown keys get the nearest valid key as a suggestion.
 */
export function zodToIssues(
  error: z.ZodError,
  file: string,
  lineOf: LineOf,
  input: unknown,
  keysFor: KeysFor,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) flatten(issue, out, file, lineOf, input, keysFor);
  // a union reports one issue per branch; keep the first per path
  const seen = new Set<string>();
  return out.filter((i) => {
    const k = `${i.path}|${i.expected}|${i.got}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type AnyIssue = z.core.$ZodIssue;

function flatten(
  issue: AnyIssue,
  out: ConfigIssue[],
  file: string,
  lineOf: LineOf,
  input: unknown,
  keysFor: KeysFor,
): void {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as Array<string | number>;
  const value = valueAt(input, path);
  const base = { file, path: dotted(path), line: lineOf(path) };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysFor(path, input);
      for (const key of issue.keys) {
        const near = nearest(key, allowed);
        out.push({
          ...base,
          path: dotted([...path, key]),
          line: lineOf([...path, key]) ?? base.line,
          expected: allowed.length ? `one of the keys ${allowed.join(', ')}` : 'no such key',
          got: `the unknown key "${key}"`,
          fix: near ? `did you mean "${near}"? Rename it.` : `remove "${key}".`,
        });
      }
      return;
    }
    case 'invalid_type':
      out.push({
        ...base,
        expected: value === undefined ? `a value (${issue.expected})` : article(issue.expected),
        got: value === undefined ? 'nothing' : describe(value),
        fix:
          value === undefined
            ? `add \`${dotted(path) || 'it'}\`.`
            : `change \`${dotted(path)}\` to ${article(issue.expected)}.`,
      });
      return;
    case 'invalid_union': {
      const disc = (issue as { note?: string }).note;
      if (disc && /discriminator/i.test(disc)) {
        const typePath = path[path.length - 1] === 'type' ? path : [...path, 'type'];
        const got = valueAt(input, typePath);
        // the union's own options: scorer types, or cascade check types
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const near = nearest(String(got ?? ''), options);
        out.push({
          ...base,
          path: dotted(typePath),
          line: lineOf(typePath) ?? base.line,
          expected: `a type: ${options.join(', ')}`,
          got: got === undefined ? 'no type' : `"${String(got)}"`,
          fix: near ? `did you mean "${near}"?` : 'set `type` to one of those.',
        });
        return;
      }
      // report the branch that got furthest: the one with the fewest issues
      const branches = (issue.errors ?? []) as AnyIssue[][];
      const objectBranch = branches.filter(
        (b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      const best = (objectBranch.length ? objectBranch : branches).sort((a, b) => a.length - b.length)[0];
      if (typeof value === 'string' && path[0] === 'models') {
        out.push({
          ...base,
          expected:
            'PROVIDER:MODEL with provider openai, anthropic or sim, or an object with provider and model',
          got: describe(value),
          fix: 'write it as "openai:gpt-4o-mini", or as { provider: openai, model: gpt-4o-mini }.',
        });
        return;
      }
      if (best)
        for (const sub of best)
          flatten(
            { ...sub, path: [...issue.path, ...sub.path] } as AnyIssue,
            out,
            file,
            lineOf,
            input,
            keysFor,
          );
      return;
    }
    case 'invalid_value':
      out.push({
        ...base,
        expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        got: describe(value),
        fix: nearest(String(value), issue.values.map(String))
          ? `did you mean "${nearest(String(value), issue.values.map(String))}"?`
          : `use one of the listed values.`,
      });
      return;
    case 'custom':
      out.push({
        ...base,
        expected: issue.message,
        got: describe(value),
        fix: `correct \`${dotted(path) || 'the file'}\`.`,
      });
      return;
    default: {
      const expected = expectedFrom(issue);
      out.push({
        ...base,
        expected,
        got: describe(value),
        fix: `set \`${dotted(path) || 'the file'}\` to ${expected}.`,
      });
    }
  }
}

function expectedFrom(issue: AnyIssue): string {
  if (issue.code === 'too_small')
    return `${issue.origin === 'array' ? 'at least' : 'a value ≥'} ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : ''}`;
  if (issue.code === 'too_big')
    return `${issue.origin === 'array' ? 'at most' : 'a value ≤'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'an http:// or https:// URL';
  if (issue.code === 'invalid_format')
    return issue.format === 'regex' && !/^Invalid string/.test(issue.message)
      ? issue.message
      : `a valid ${issue.format}`;
  return issue.message
    .replace(/^Invalid input: expected /, '')
    .replace(/^Invalid string: must match pattern .*/, 'a value of the allowed form');
}

export function dotted(path: Array<string | number>): string {
  return path.map(String).join('.');
}

function article(t: string): string {
  if (t === 'array') return 'a list';
  if (t === 'object') return 'a mapping (key: value)';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

export function valueAt(input: unknown, path: Array<string | number>): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
