import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/project.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'bad-input');
const fixtures = (await readdir(ROOT)).sort();

interface Expect {
  argv: string[];
  env: Record<string, string>;
  contains: string[];
}

describe('bad input: one clear message, exit 2, no stack trace', () => {
  it('has at least 30 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('%s', async (name) => {
    const dir = await mkdtemp(join(tmpdir(), `tollgate-bad-${name}-`));
    await cp(join(ROOT, name), dir, { recursive: true });
    const exp = JSON.parse(await readFile(join(dir, 'expect.json'), 'utf8')) as Expect;
    const r = await cli(exp.argv, { cwd: dir, env: exp.env });
    expect(r.code, `stdout: ${r.out}\nstderr: ${r.err}`).toBe(2);
    for (const fragment of exp.contains) expect(r.err).toContain(fragment);
    // says what to do about it
    expect(r.err).toMatch(/Fix:|--help|usage/i);
    // never a stack trace
    expect(r.err).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.err).not.toContain('internal error');
  });
});
