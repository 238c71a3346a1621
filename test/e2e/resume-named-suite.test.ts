import { describe, expect, it } from 'vitest';
import { arithmeticRows, cli, tempProject } from '../helpers/project.ts';

describe('--resume with the suite named on the command line', () => {
  it('accepts the suite file even when its `name:` differs from the file name', async () => {
    const dir = await tempProject({
      'datasets/a.jsonl': arithmeticRows(4),
      'suites/bar.yaml': `name: foo
dataset: ../datasets/a.jsonl
prompts: [{ id: p, user: "{{question}}" }]
models: [sim:sim-budget]
scorers: [{ type: numeric, field: expected }]
`,
    });
    const first = await cli(['run', 'bar', '--no-cache', '--quiet', '--out', 'r'], { cwd: dir });
    expect(first.code, first.err).toBe(0);
    const again = await cli(['run', 'bar', '--resume', 'r', '--no-cache', '--quiet'], { cwd: dir });
    expect(again.code, again.err).toBe(0);
    // a different suite is still refused
    const wrong = await cli(['run', 'baz', '--resume', 'r'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('suite "foo"');
  });
});
