/** A YAML syntax error's line is a line of the file, the one the problem is on. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.ts';
import { parseYamlMapping } from '../../../src/issues/yaml-mapping.ts';

function errorLines(text: string): Array<number | null> {
  try {
    parseYamlMapping(text, 'suite.yaml', { expected: 'a mapping', fix: 'x' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => i.line);
  }
  throw new Error('expected a YAML error');
}

const FIVE = 'dataset: d.jsonl\nprompts:\n  - id: p\n    user: "{{question}}"\n';

describe('YAML error lines', () => {
  it('an unclosed list on the last line of a 5-line file is on line 5, not 6', () => {
    expect(errorLines(`${FIVE}models: [sim:sim-mid\n`)).toEqual([5]);
    expect(errorLines(`${FIVE}models: [sim:sim-mid`)).toEqual([5]);
    expect(errorLines(`${FIVE}models: [sim:sim-mid\n\n\n`)).toEqual([5]);
  });

  it('an error inside the file keeps its own line', () => {
    expect(errorLines(`${FIVE}models: sim:sim-mid: x\n`)).toEqual([5]);
    expect(errorLines('a: 1\nb: x: y\nc: 3\n')).toEqual([2]);
  });
});
