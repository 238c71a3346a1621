/**
 * The built CLI loads TS suites through jiti (whatever the project's `type`); an error names the
 * suite file and the first error with its line, and suggests no script the project may not have.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importWithJiti, tsLoadError } from '../../../src/config/import-ts-suite.ts';
import { tempProject } from '../../helpers/project.ts';

async function suiteFile(text: string, packageJson?: object): Promise<string> {
  const dir = await tempProject(packageJson ? { 'package.json': JSON.stringify(packageJson) } : {});
  const file = join(dir, 'suites', 's.ts');
  await writeFile(file, text);
  return file;
}

async function loadError(text: string): Promise<string> {
  const file = await suiteFile(text);
  const err = await importWithJiti(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).not.toBeNull();
  return tsLoadError(err, file, text).message.replace(file, 'FILE');
}

describe('TS suites through jiti', () => {
  it.each([
    ['commonjs', { type: 'commonjs' }],
    ['module', { type: 'module' }],
    ['no package.json', undefined],
  ])('loads a suite with types and ESM syntax in a %s project', async (_what, pkg) => {
    const file = await suiteFile(
      `import { join } from 'node:path';\ninterface Row { id: string }\nconst rows: Row[] = [{ id: 'a' }];\nexport default { dataset: join('..', 'd.jsonl'), rows };\n`,
      pkg,
    );
    const mod = await importWithJiti(file);
    expect(mod.default).toEqual({ dataset: join('..', 'd.jsonl'), rows: [{ id: 'a' }] });
  });

  it('a syntax error: the file, its line, the parser message', async () => {
    const msg = await loadError(`const a = 1;\nexport default {\n  models: ['x'] ]\n};\n`);
    expect(msg).toMatch(/^FILE:3: Expected a TS suite that loads, got ParseError: Unexpected token/);
    expect(msg).toContain('Fix: correct line 3.');
  });

  it('an error thrown while loading: the line that threw', async () => {
    const msg = await loadError(
      `const rows: string[] = [];\n\nif (rows.length === 0) throw new Error('no rows');\nexport default {};\n`,
    );
    expect(msg).toBe('FILE:3: Expected a TS suite that loads, got Error: no rows. Fix: correct line 3.');
  });

  it('a missing import: the line that imports it', async () => {
    const msg = await loadError(
      `// helpers\nimport { helper } from './helpers';\nexport default { helper };\n`,
    );
    expect(msg).toMatch(
      /^FILE:2: Expected a TS suite that loads, got Error: Cannot find module '\.\/helpers'/,
    );
  });

  it('never suggests a script the project may not have', async () => {
    const msg = await loadError(`throw new TypeError('x');\n`);
    expect(msg).not.toMatch(/npm run|typecheck/);
    expect(msg).toBe('FILE:1: Expected a TS suite that loads, got TypeError: x. Fix: correct line 1.');
  });
});
