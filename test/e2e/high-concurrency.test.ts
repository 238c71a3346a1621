/** A run with more requests in flight than Node's default listener limit (10) warns of no leak. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { arithmeticRows, tempProject } from '../helpers/project.ts';
import { sourceCliArgs } from '../helpers/scale.ts';

describe('a run at concurrency 16', () => {
  it('prints no MaxListenersExceededWarning: every signal its requests listen on allows them all', async () => {
    const dir = await tempProject({
      'suites/c.yaml': `dataset: ../datasets/q.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-mid]
scorers: [{ type: numeric }]
concurrency: 16
`,
      'datasets/q.jsonl': arithmeticRows(64),
    });
    const child = spawn(process.execPath, [...sourceCliArgs(), 'run', 'c', '--quiet', '--no-cache'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code, err).toBe(0);
    expect(err).not.toContain('MaxListenersExceededWarning');
  });
});
