import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/config/load-suite.ts';
import { ConfigError } from '../../../src/errors.ts';
import {
  MissingVariable,
  PROMPT_TEMPLATE_OPTIONS,
  renderPrompt,
  rendersOnFieldNamesAlone,
} from '../../../src/prompt/render.ts';
import { judgeMessages } from '../../../src/scorers/llm-judge.ts';
import { tempProject } from '../../helpers/project.ts';

/** Handlebars itself, compiled as tollgate compiles a prompt: the reference for the plain path. */
const handlebars = (source: string) => Handlebars.create().compile(source, PROMPT_TEMPLATE_OPTIONS);

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

describe('rendering a plain template without Handlebars', () => {
  const NAMES = [
    'question',
    'expected',
    'a',
    'b_2',
    'log',
    'constructor',
    'with',
    'true',
    'this',
    'else',
  ] as const;
  const text = fc.string({ unit: fc.constantFrom('x', ' ', '\n', '<', "'", '}', '{', '\\', 'é', '~') });
  const mustache = fc
    .tuple(fc.constantFrom(...NAMES), fc.boolean(), fc.constantFrom('', '~', ' ', '\n'))
    .map(([name, triple, pad]) => (triple ? `{{${pad}{${name}}}}` : `{{${pad}${name}}}`));
  const template = fc
    .array(
      fc.oneof(
        { arbitrary: text, weight: 2 },
        { arbitrary: mustache, weight: 3 },
        { arbitrary: fc.constant('{{! a comment }}'), weight: 1 },
        { arbitrary: fc.constant('\\{{question}}'), weight: 1 },
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  );
  // most names present, so a template's every variable is found often enough to compare the text
  const fields = fc
    .tuple(...NAMES.map(() => fc.option(value, { freq: 4, nil: undefined })))
    .map((vs) => Object.fromEntries(NAMES.flatMap((n, i) => (vs[i] === undefined ? [] : [[n, vs[i]]]))));

  /**
   * What Handlebars makes of it: the text, or the name it found missing. For a plain template the
   * reference is Handlebars given each value as text: given raw values, Handlebars' compiled code
   * adds the first ones with \`+\`, so \`{{a}}{{b}}\` with 1 and 2 gives "3" where tollgate gives "12".
   */
  function byHandlebars(source: string, f: Record<string, unknown>): string {
    try {
      const asText = rendersOnFieldNamesAlone({ id: 'p', user: source })
        ? Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v == null ? v : String(v)]))
        : f;
      return `ok:${handlebars(source)(asText)}`;
    } catch (err) {
      const missing = /"([^"]+)" not defined/.exec((err as Error).message)?.[1];
      return missing ? `missing:${missing}` : 'error';
    }
  }
  function byTollgate(source: string, f: Record<string, unknown>): string {
    try {
      return `ok:${renderPrompt({ id: 'p', user: source }, f, 'c1')[0]!.content}`;
    } catch (err) {
      return err instanceof MissingVariable ? `missing:${err.variable}` : 'error';
    }
  }

  it('gives the same text, or the same missing field, as Handlebars for any template and case', () => {
    fc.assert(
      fc.property(template, fields, (source, f) => {
        // JSON datasets have no prototype tricks; a parsed copy is what a case looks like
        const row = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
        expect(byTollgate(source, row)).toBe(byHandlebars(source, row));
      }),
      { numRuns: 1000 },
    );
  });

  it('puts each value in as text, where Handlebars would add adjacent numbers', () => {
    const render = (user: string, f: Record<string, unknown>) =>
      renderPrompt({ id: 'p', user }, f, 'c1')[0]!.content;
    expect(render('{{a}}{{b}}', { a: 1, b: 2 })).toBe('12');
    expect(handlebars('{{a}}{{b}}')({ a: 1, b: 2 })).toBe('3');
    expect(render('{{a}}{{b}}', { a: true, b: null })).toBe('true');
  });

  it('renders a judge rubric the same way as a prompt', () => {
    expect(judgeMessages('{{a}}{{b}} vs {{output}}', { a: 1, b: 2 }, 'x')[1]!.content).toBe(
      'RUBRIC:\n12 vs x\n\nRESPONSE:\nx',
    );
  });

  it('takes the plain path only for text and plain variables', () => {
    const plain = (user: string) => rendersOnFieldNamesAlone({ id: 'p', user });
    expect(plain('Q: {{question}} {{{raw}}} \\{{literal}}')).toBe(true);
    expect(plain('{{~question}}')).toBe(false);
    expect(plain('{{log}}')).toBe(false);
    expect(plain('{{constructor}}')).toBe(false);
  });

  it('never reads a name Handlebars registers as a helper as a field (the scan keeps its own list)', () => {
    const helpers = Object.keys(Handlebars.create().helpers);
    expect(helpers.length).toBeGreaterThan(0);
    for (const name of helpers) {
      expect(rendersOnFieldNamesAlone({ id: 'p', user: `{{${name}}}` }), name).toBe(false);
      expect(rendersOnFieldNamesAlone({ id: 'p', user: `a {{ ${name} }} b` }), name).toBe(false);
    }
  });
});
