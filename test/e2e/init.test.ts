/**
 * `tollgate init NAME`: a starter suite that runs on the simulator, its dataset and a .gitignore
 * entry; it never overwrites a file.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/project.ts';

const emptyDir = () => mkdtemp(join(tmpdir(), 'tollgate-init-'));

describe('tollgate init', () => {
  it('writes a suite that runs, a 5-case dataset and a .gitignore entry, then prints three commands', async () => {
    const dir = await emptyDir();
    const r = await cli(['init', 'evals'], { cwd: dir });
    expect(r.code).toBe(0);
    const suite = await readFile(join(dir, 'suites', 'evals.yaml'), 'utf8');
    expect(suite).toMatch(/^ {2}- sim:sim-mid$/m);
    expect(suite).toMatch(/^ {2}# - openai:gpt-4o-mini$/m); // a real model, commented out
    expect(suite.match(/^ {2}- id: /gm)).toHaveLength(2); // two prompts
    expect(suite).toMatch(/^scorers:\n {2}- type: equals$/m);
    const rows = (await readFile(join(dir, 'datasets', 'evals.jsonl'), 'utf8')).trim().split('\n');
    expect(rows.map((l) => Object.keys(JSON.parse(l)))).toEqual(
      Array(5).fill(['id', 'question', 'expected']),
    );
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('.tollgate/\n');
    const next = r.out.slice(r.out.indexOf('Next:')).trim().split('\n').slice(1);
    expect(next.map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'tollgate estimate evals',
      'tollgate run evals',
      'tollgate run evals',
    ]);

    const run = await cli(['run', 'evals', '--quiet'], { cwd: dir });
    expect(run.err).not.toContain('tollgate:');
    expect(run.code).toBe(0);
    expect(run.out).toContain('sim-mid/terse');
    expect(run.out).toContain('sim-budget/steps');
  });

  it('adds the entry to an existing .gitignore once, keeping what was there', async () => {
    const dir = await emptyDir();
    await writeFile(join(dir, '.gitignore'), 'node_modules');
    expect((await cli(['init'], { cwd: dir })).code).toBe(0);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n.tollgate/\n');
    expect((await cli(['init', 'other'], { cwd: dir })).code).toBe(0);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n.tollgate/\n');
  });

  it('never overwrites: an existing suite or dataset is exit 2, naming it, and nothing is written', async () => {
    const dir = await emptyDir();
    expect((await cli(['init', 'a'], { cwd: dir })).code).toBe(0);
    const again = await cli(['init', 'a'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.err).toContain(`Expected no file at ${join(dir, 'suites', 'a.yaml')}, got one`);

    await writeFile(join(dir, 'datasets', 'b.jsonl'), 'mine\n');
    const clash = await cli(['init', 'b'], { cwd: dir });
    expect(clash.code).toBe(2);
    expect(clash.err).toContain(join(dir, 'datasets', 'b.jsonl'));
    expect(await readFile(join(dir, 'datasets', 'b.jsonl'), 'utf8')).toBe('mine\n');
    await expect(readFile(join(dir, 'suites', 'b.yaml'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a name that is not a plain file name', async () => {
    const r = await cli(['init', '../x'], { cwd: await emptyDir() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Expected a suite name of letters, digits');
  });
});
