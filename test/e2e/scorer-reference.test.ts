import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempProject } from '../helpers/project.ts';
import { readRecords } from '../helpers/run-files.ts';

describe('a scorer with an empty reference', () => {
  it('makes that sample a scorer error with its reason, never a pass', async () => {
    const dir = await tempProject({
      'datasets/d.jsonl': `${[
        { id: 'ca', country: 'Canada', capital: '' },
        { id: 'fr', country: 'France', capital: 'Paris' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
      'suites/s.yaml': `dataset: ../datasets/d.jsonl
prompts: [{ id: p, user: "What is the capital of {{country}}?" }]
models: [sim:sim-mid]
scorers: [{ type: includes, field: capital }]
`,
    });
    const r = await cli(['run', 's', '--quiet', '--no-cache', '--out', 'out'], { cwd: dir });
    expect(r.err).not.toContain('internal error');
    const records = await readRecords(join(dir, 'out'));
    const ca = records.find((x) => x.caseId === 'ca')!;
    expect(ca.status).toBe('error');
    expect(ca.error?.message).toContain('includes: the reference field "capital" is empty in this case');
    expect(records.find((x) => x.caseId === 'fr')!.status).not.toBe('error');
  });
});
