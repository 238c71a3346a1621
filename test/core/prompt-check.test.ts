import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/config/load-suite.ts';
import { ConfigError } from '../../src/errors.ts';
import { rendersOnFieldNamesAlone } from '../../src/prompt/render.ts';
import { tempProject } from '../helpers/project.ts';

describe('checking every prompt against every case when a suite loads', () => {
  it('knows which templates depend on field names alone', () => {
    const plain = (user: string, system?: string) => rendersOnFieldNamesAlone({ id: 'p', user, system });
    expect(plain('What is {{question}}? {{{raw}}} {{! a comment }}', 'Be {{tone}}.')).toBe(true);
    expect(plain('no variables at all')).toBe(true);
    expect(plain('{{#if hard}}{{hint}}{{/if}}')).toBe(false);
    expect(plain('{{user.name}}')).toBe(false);
    expect(plain('{{lookup row key}}')).toBe(false);
    expect(plain('{{this}}')).toBe(false);
    expect(plain('{{@index}}')).toBe(false);
    expect(
      rendersOnFieldNamesAlone({
        id: 'm',
        messages: [
          { role: 'system', content: 'x' },
          { role: 'user', content: '{{#each items}}{{this}}{{/each}}' },
        ],
      }),
    ).toBe(false);
  });

  async function loadError(user: string, rows: object[]): Promise<string> {
    const dir = await tempProject({
      'datasets/d.jsonl': `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
      'suites/s.yaml': `dataset: ../datasets/d.jsonl
prompts: [{ id: p, user: ${JSON.stringify(user)} }]
models: [sim:sim-mid]
scorers: [{ type: equals, field: expected }]
`,
    });
    const err = await loadSuite(join(dir, 'suites/s.yaml'), dir, { allowUnpriced: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }

  const many = (n: number, extra: (i: number) => object) =>
    Array.from({ length: n }, (_, i) => ({ id: `c${i}`, question: `q${i}`, expected: '1', ...extra(i) }));

  it('still finds the one case without a field, among many with the same fields', async () => {
    const rows = many(300, () => ({}));
    rows.splice(250, 0, { id: 'odd', expected: '1' } as never);
    expect(await loadError('{{question}}', rows)).toContain('case "odd"');
  });

  it('renders every case when a value decides which fields are used', async () => {
    // every case has the same field names; only c7 takes the branch, and its hint has no text
    const rows = many(20, (i) => ({ hard: i === 7, hint: i === 7 ? {} : { text: 't' } }));
    const message = await loadError('{{#if hard}}{{#with hint}}{{text}}{{/with}}{{/if}}{{question}}', rows);
    expect(message).toContain('case "c7"');
  });
});
