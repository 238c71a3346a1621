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
  for (const issue of error.issues) out.push(...toIssues(issue, { file, lineOf, input, keysFor }));
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

/** What every issue is read against: the file, its lines, the input and the schema's keys. */
interface Source {
  file: string;
  lineOf: LineOf;
  input: unknown;
  keysFor: KeysFor;
}

/** One zod issue, where it is and the value it is about. */
interface Located {
  path: Array<string | number>;
  value: unknown;
  base: { file: string; path: string; line: number | null };
}

/** One zod issue as tollgate's issues (an unknown-keys issue or a union may give several). */
function toIssues(issue: AnyIssue, src: Source): ConfigIssue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as Array<string | number>;
  const at: Located = {
    path,
    value: valueAt(src.input, path),
    base: { file: src.file, path: dotted(path), line: src.lineOf(path) },
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, at, src);
    case 'invalid_type':
      return [wrongType(issue.expected, at)];
    case 'invalid_union':
      return unionIssues(issue, at, src);
    case 'invalid_value':
      return [wrongValue(issue.values, at)];
    case 'custom':
      return [
        {
          ...at.base,
          expected: issue.message,
          got: describe(at.value),
          // a refinement may say what to do in `params.fix`
          fix: customFix(issue) ?? `correct \`${dotted(path) || 'the file'}\`.`,
        },
      ];
    default: {
      const expected = expectedFrom(issue);
      return [
        {
          ...at.base,
          expected,
          got: describe(at.value),
          fix: `set \`${dotted(path) || 'the file'}\` to ${expected}.`,
        },
      ];
    }
  }
}

/** The fix a custom issue carries in `params.fix`, if any. */
function customFix(issue: AnyIssue): string | undefined {
  const fix = (issue as { params?: { fix?: unknown } }).params?.fix;
  return typeof fix === 'string' ? fix : undefined;
}

/** Each unknown key, with the nearest valid key as a suggestion. */
function unknownKeys(keys: string[], { path, base }: Located, src: Source): ConfigIssue[] {
  const allowed = src.keysFor(path, src.input);
  return keys.map((key) => {
    const near = nearest(key, allowed);
    return {
      ...base,
      path: dotted([...path, key]),
      line: src.lineOf([...path, key]) ?? base.line,
      expected: allowed.length ? `one of the keys ${allowed.join(', ')}` : 'no such key',
      got: `the unknown key "${key}"`,
      fix: near ? `did you mean "${near}"? Rename it.` : `remove "${key}".`,
    };
  });
}

/** A value of the wrong type, or a missing one. */
function wrongType(expectedType: string, { path, value, base }: Located): ConfigIssue {
  return {
    ...base,
    expected: value === undefined ? `a value (${expectedType})` : article(expectedType),
    got: value === undefined ? 'nothing' : describe(value),
    fix:
      value === undefined
        ? `add \`${dotted(path) || 'it'}\`.`
        : `change \`${dotted(path)}\` to ${article(expectedType)}.`,
  };
}

/** A value outside an enum or literal. */
function wrongValue(values: readonly unknown[], { value, base }: Located): ConfigIssue {
  const near = nearest(String(value), values.map(String));
  return {
    ...base,
    expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    got: describe(value),
    fix: near ? `did you mean "${near}"?` : `use one of the listed values.`,
  };
}

/**
 * A union that matched no branch: a discriminated union names its types; a model string gets its
 * own wording; otherwise the branch that got furthest (the fewest issues) is reported.
 */
function unionIssues(issue: z.core.$ZodIssueInvalidUnion, at: Located, src: Source): ConfigIssue[] {
  const disc = (issue as { note?: string }).note;
  if (disc && /discriminator/i.test(disc)) return [unknownType(issue, at, src)];
  if (typeof at.value === 'string' && at.path[0] === 'models') {
    return [
      {
        ...at.base,
        expected:
          'PROVIDER:MODEL with provider openai, anthropic or sim, or an object with provider and model',
        got: describe(at.value),
        fix: 'write it as "openai:gpt-4o-mini", or as { provider: openai, model: gpt-4o-mini }.',
      },
    ];
  }
  const branches = (issue.errors ?? []) as AnyIssue[][];
  const objectBranch = branches.filter(
    (b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  const best = (objectBranch.length ? objectBranch : branches).sort((a, b) => a.length - b.length)[0];
  return (best ?? []).flatMap((sub) =>
    toIssues({ ...sub, path: [...issue.path, ...sub.path] } as AnyIssue, src),
  );
}

/** A discriminated union's `type` that is none of its options: scorer types, or cascade check types. */
function unknownType(issue: z.core.$ZodIssueInvalidUnion, { path, base }: Located, src: Source): ConfigIssue {
  const typePath = path[path.length - 1] === 'type' ? path : [...path, 'type'];
  const got = valueAt(src.input, typePath);
  const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
  const near = nearest(String(got ?? ''), options);
  return {
    ...base,
    path: dotted(typePath),
    line: src.lineOf(typePath) ?? base.line,
    expected: `a type: ${options.join(', ')}`,
    got: got === undefined ? 'no type' : `"${String(got)}"`,
    fix: near ? `did you mean "${near}"?` : 'set `type` to one of those.',
  };
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
