import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.ts';

type SuiteModule = { default?: unknown };

/**
 * Imports a TS suite's module, whatever the project's `type` and with or without a tsconfig.
 * Run from its sources (tsx, vitest), tollgate's runtime already loads TypeScript, so the suite is
 * imported natively and shares tollgate's modules. Run from `dist/`, jiti transpiles the suite (and
 * any TS it imports) on the fly; `tollgate` and other packages it imports load natively.
 * A suite that does not load is a UserError naming the file and the first error with its line.
 */
export async function importTsSuite(file: string, text: string): Promise<SuiteModule> {
  try {
    if (import.meta.url.endsWith('.ts')) return (await import(pathToFileURL(file).href)) as SuiteModule;
    return await importWithJiti(file);
  } catch (err) {
    throw tsLoadError(err, file, text);
  }
}

/** The suite through jiti alone (what the built CLI does). */
export async function importWithJiti(file: string): Promise<SuiteModule> {
  const { createJiti } = await import('jiti');
  return (await createJiti(import.meta.url, { interopDefault: false }).import(file)) as SuiteModule;
}

/**
 * The error a suite that fails to load is reported as: the file and line (from the error's own
 * position, else its stack's first frame in the file, else the line that imports a module not
 * found), the error's first line, and the fix.
 */
export function tsLoadError(err: unknown, file: string, text: string): UserError {
  const e = err instanceof Error ? err : new Error(String(err));
  // jiti words a syntax error "ParseError: message \n file:line:col"
  const first = (e.message.split('\n')[0] ?? '').trim();
  const what = /^\w*Error:/.test(first) ? first : `${e.name}: ${first}`;
  const line = lineIn(`${e.message}\n${e.stack ?? ''}`, file) ?? importLine(first, text);
  return new UserError(
    `${file}${line === null ? '' : `:${line}`}: Expected a TS suite that loads, got ${what}. Fix: correct ${line === null ? 'the error in the file' : `line ${line}`}.`,
  );
}

function lineIn(trace: string, file: string): number | null {
  for (const name of [file, pathToFileURL(file).href]) {
    const at = trace.indexOf(`${name}:`);
    const m = at < 0 ? null : /^:(\d+)/.exec(trace.slice(at + name.length));
    if (m) return Number(m[1]);
  }
  return null;
}

/** The line importing the module an ERR_MODULE_NOT_FOUND names. */
function importLine(message: string, text: string): number | null {
  const spec = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (!spec) return null;
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(`'${spec}'`) || l.includes(`"${spec}"`));
  return i < 0 ? null : i + 1;
}
