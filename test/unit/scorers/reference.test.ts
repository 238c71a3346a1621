import { describe, expect, it } from 'vitest';
import { createScorer } from '../../../src/scorers/registry.ts';
import { ScorerError } from '../../../src/scorers/scorer.ts';
import type { ScorerConfig } from '../../../src/scorers/scorer-schema.ts';

const score = (config: ScorerConfig, output: string, fields: Record<string, unknown>) =>
  createScorer(config, 0).score({ output, fields, signal: new AbortController().signal });

describe('a missing or empty reference is an error of the scorer, never a pass', () => {
  const toronto = 'The capital of Canada is Toronto.';

  it.each([
    ['includes', { type: 'includes', field: 'capital' }],
    ['regex', { type: 'regex', field: 'capital' }],
    ['equals', { type: 'equals', field: 'capital' }],
    ['numeric', { type: 'numeric', field: 'capital' }],
  ] as const)('%s with no such field', (_, config) => {
    expect(() => score(config as ScorerConfig, toronto, { country: 'Canada', answer: 'Ottawa' })).toThrow(
      ScorerError,
    );
    expect(() => score(config as ScorerConfig, toronto, { country: 'Canada' })).toThrow(
      /the reference field "capital" is missing in this case/,
    );
  });

  it.each([
    ['an empty string', ''],
    ['blanks (trimmed)', '  '],
    ['null', null],
    ['an empty list', []],
    ['a list with an empty entry', ['Ottawa', '']],
  ])('includes and regex with %s', (_, value) => {
    for (const type of ['includes', 'regex'] as const)
      expect(() => score({ type }, toronto, { expected: value })).toThrow(
        /the reference field "expected" is/,
      );
  });

  it('the default field is `expected`', () => {
    expect(() => score({ type: 'includes' }, toronto, { answer: 'Ottawa' })).toThrow(
      /includes: the reference field "expected" is missing/,
    );
  });

  it('still scores a present reference as before', async () => {
    expect(await score({ type: 'includes', field: 'capital' }, toronto, { capital: 'Ottawa' })).toMatchObject(
      {
        pass: false,
      },
    );
    expect(await score({ type: 'includes' }, 'Ottawa.', { expected: ['Ottawa', 'OTT'] })).toMatchObject({
      pass: true,
    });
    expect(await score({ type: 'regex' }, 'abc123', { expected: '\\d+' })).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric' }, 'about 42', { expected: 42 })).toMatchObject({ pass: true });
    // a fixed pattern reads no field
    expect(await score({ type: 'regex', pattern: 'Ott' }, 'Ottawa', {})).toMatchObject({ pass: true });
  });

  it('a reference that is not a valid regex is a scorer error', () => {
    expect(() => score({ type: 'regex' }, 'x', { expected: '(' })).toThrow(/not a valid regex/);
  });
});
