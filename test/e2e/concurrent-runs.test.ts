import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push(...(e.isDirectory() ? await walk(p) : [p]));
  }
  return out;
}

describe('two runs of the same suite at once', () => {
  it('get distinct run folders and never corrupt the shared cache', async () => {
    const dir = await tempProject({
      'datasets/q.jsonl': arithmeticRows(80),
      'suites/c.yaml':
        'dataset: ../datasets/q.jsonl\nprompts: [{ id: p, user: "{{question}}" }]\nmodels: [sim:sim-mid, sim:sim-budget]\nscorers: [{ type: numeric }]\nconcurrency: 16\n',
    });
    const [a, b] = await Promise.all([
      cli(['run', 'c', '--quiet'], { cwd: dir }),
      cli(['run', 'c', '--quiet'], { cwd: dir }),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const runs = await readdir(join(dir, 'results', 'c'));
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      const lines = (await readFile(join(dir, 'results', 'c', r, 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n');
      expect(lines).toHaveLength(160);
    }
    const entries = (await walk(join(dir, '.tollgate', 'cache'))).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(160);
    for (const f of entries) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
    expect((await walk(join(dir, '.tollgate', 'cache'))).filter((f) => f.endsWith('.tmp'))).toHaveLength(0);
    // a third run is served entirely from the cache
    const c = await cli(['run', 'c', '--quiet', '--replay'], { cwd: dir });
    expect(c.code).toBe(0);
  });
});
