import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/project.ts';

const V1 = join(import.meta.dirname, '../fixtures/run-log/v1');

describe('tollgate report on a damaged run folder', () => {
  it('a corrupt records.jsonl line exits 2 naming the file and line, with no stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-e2e-log-'));
    await cp(V1, dir, { recursive: true });
    const path = join(dir, 'records.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[6] = lines[6]!.slice(0, 40);
    await writeFile(path, lines.join('\n'));
    const r = await cli(['report', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path}:7`);
    expect(r.err).toMatch(/Expected a JSON record at .*records\.jsonl:7, got a line that does not parse/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    await rm(dir, { recursive: true, force: true });
  });

  it('a version-1 folder still makes its reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-e2e-log-'));
    await cp(V1, dir, { recursive: true });
    const r = await cli(['report', dir], { cwd: dir });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });
});
