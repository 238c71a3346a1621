/**
 * The package as a consumer gets it: the tarball's file list, then the packed tarball installed
 * into a fresh CommonJS and a fresh ESM project, each running a YAML suite and a TS suite on the
 * simulator, and `tsc --noEmit` with `tsc --init`'s config in the ESM one. Slow (a build and two
 * installs): one install per project type.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TIMEOUT = 15 * 60_000;
/** The environment without what `npm test` sets for its own scripts (npm_config_*, npm_package_*). */
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'INIT_CWD'),
);

async function sh(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run(cmd, args, { cwd, env: { ...ENV, NO_COLOR: '1' }, maxBuffer: 64 * 2 ** 20 });
}

/** The JSON npm prints, past any lifecycle script output before it. */
function npmJson(stdout: string): Array<{ filename: string; files: Array<{ path: string }> }> {
  return JSON.parse(stdout.slice(stdout.search(/^\[/m)));
}

const DATASET = `${[
  { id: 'a', question: 'What is 2 + 3?', expected: '5' },
  { id: 'b', question: 'What is 7 * 6?', expected: '42' },
]
  .map((r) => JSON.stringify(r))
  .join('\n')}\n`;

const YAML_SUITE = `dataset: ../datasets/d.jsonl
prompts:
  - id: p
    user: "{{question}}"
models: [sim:sim-mid]
scorers:
  - type: equals
    field: expected
`;

const TS_SUITE = `import { defineSuite } from 'tollgate';

const needle = (expected: unknown): string => String(expected);

export default defineSuite({
  dataset: '../datasets/d.jsonl',
  prompts: [{ id: 'p', user: '{{question}}' }],
  models: ['sim:sim-budget'],
  scorers: [{ type: 'custom', name: 'has-answer', fn: ({ output, input }) => output.includes(needle(input.expected)) }],
});
`;

let tarball: string;

beforeAll(async () => {
  const dest = await mkdtemp(join(tmpdir(), 'tollgate-pack-'));
  // `prepare` builds dist/ first, so the tarball holds what the sources say now
  const { stdout } = await sh('npm', ['pack', '--json', '--pack-destination', dest], ROOT);
  tarball = join(dest, npmJson(stdout)[0]!.filename);
}, TIMEOUT);

describe('the tarball', () => {
  it('ships dist/, the bin launcher, README, LICENSE and CHANGELOG only', async () => {
    const { stdout } = await sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    const paths = npmJson(stdout)[0]!.files.map((f) => f.path);
    const outside = paths.filter((p) => !p.startsWith('dist/'));
    expect(outside.sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin/tollgate.js',
      'package.json',
    ]);
    for (const p of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/cli/main.js'])
      expect(paths).toContain(p);
    // the bundle the bin and the package's API run from
    for (const p of ['dist/bundle/cli.js', 'dist/bundle/index.js']) expect(paths).toContain(p);
    // what the report reads at run time beside its module, in tsc's output and in the bundle
    for (const at of ['dist/report/html', 'dist/bundle/html']) {
      expect(paths).toContain(`${at}/report.js`);
      expect(paths.filter((p) => p.startsWith(`${at}/css/`)).length).toBeGreaterThan(0);
    }
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });
});

/** A fresh project of that module type with the tarball installed and the two suites in it. */
async function consumer(type: 'commonjs' | 'module'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tollgate-consumer-${type}-`));
  await sh('npm', ['init', '-y'], dir);
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ ...pkg, type }, null, 2));
  const install = ['i', '--no-audit', '--no-fund', tarball];
  // the dependencies from the npm cache (CI's `npm ci` warms it); the registry if it lacks metadata
  await sh('npm', [...install, '--offline'], dir).catch(() =>
    sh('npm', [...install, '--prefer-offline'], dir),
  );
  await mkdir(join(dir, 'suites'));
  await mkdir(join(dir, 'datasets'));
  await writeFile(join(dir, 'datasets', 'd.jsonl'), DATASET);
  await writeFile(join(dir, 'suites', 'y.yaml'), YAML_SUITE);
  await writeFile(join(dir, 'suites', 't.ts'), TS_SUITE);
  return dir;
}

/** Runs a suite with the installed CLI; a non-zero exit fails with its stderr. Returns the summary. */
async function runSuite(dir: string, suite: string): Promise<{ candidates: Array<{ id: string }> }> {
  const out = join(dir, 'runs', suite);
  const bin = join(dir, 'node_modules', '.bin', 'tollgate');
  await sh(bin, ['run', suite, '--quiet', '--no-cache', '--out', out], dir).catch(
    (e: { code: number; stderr: string }) => {
      throw new Error(`tollgate run ${suite} exited ${e.code}: ${e.stderr}`);
    },
  );
  return JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
}

describe.each(['commonjs', 'module'] as const)('installed into a fresh %s project', (type) => {
  let dir: string;
  beforeAll(async () => {
    dir = await consumer(type);
  }, TIMEOUT);

  it('has the CLI and no TypeScript runner among its dependencies', () => {
    expect(existsSync(join(dir, 'node_modules', '.bin', 'tollgate'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'tollgate', 'src'))).toBe(false);
  });

  it(
    'runs a YAML suite and a TS suite on the simulator',
    async () => {
      expect((await runSuite(dir, 'y')).candidates.map((c) => c.id)).toEqual(['sim-mid/p']);
      expect((await runSuite(dir, 't')).candidates.map((c) => c.id)).toEqual(['sim-budget/p']);
    },
    TIMEOUT,
  );

  it.runIf(type === 'module')(
    'type-checks the TS suite with the config `tsc --init` writes',
    async () => {
      await sh(process.execPath, [TSC, '--init'], dir);
      const r = await sh(process.execPath, [TSC, '--noEmit', '-p', '.'], dir).catch(
        (e: { stdout: string }) => e,
      );
      expect(r.stdout).toBe('');
    },
    TIMEOUT,
  );
});
