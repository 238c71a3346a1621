/** First-use polish: `--repeats 0` names sensible values; `--sample N` over the dataset's size warns. */
import { describe, expect, it } from 'vitest';
import { arithmeticRows, cli, SIM_SUITE, tempProject } from '../helpers/project.ts';

const SUITE = SIM_SUITE;

describe('first-use flags', () => {
  it('--repeats 0 is exit 2 with the values to use instead', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': arithmeticRows(3) });
    for (const cmd of ['run', 'estimate']) {
      const r = await cli([cmd, 's', '--repeats', '0'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        'Expected --repeats to be a whole number from 1 and up, got "0". Fix: use --repeats 1 (or 3 for',
      );
    }
  });

  it('--sample larger than the dataset warns and runs every case', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'datasets/d.jsonl': arithmeticRows(3) });
    const warning = 'Warning: --sample 10 asks for more cases than the dataset has (3); all 3 run.';
    const run = await cli(['run', 's', '--sample', '10', '--quiet', '--no-cache', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.err).toContain(warning);
    expect(JSON.parse(run.out).candidates[0].samples).toBe(3);
    const estimate = await cli(['estimate', 's', '--sample', '10'], { cwd: dir });
    expect(estimate.err).toContain(warning);
    const fits = await cli(['run', 's', '--sample', '3', '--quiet', '--no-cache'], { cwd: dir });
    expect(fits.err).not.toContain('Warning: --sample');
  });
});
