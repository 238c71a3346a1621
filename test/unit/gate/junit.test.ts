import { describe, expect, it } from 'vitest';
import { renderJUnit } from '../../../src/gate/junit.ts';
import { fixedResult } from '../../helpers/fixed-result.ts';
import { HOSTILE_ID } from '../../helpers/hostile.ts';
import { parseXml } from '../../helpers/xml.ts';

describe('parseXml (the checker itself)', () => {
  it.each([
    ['<a><b></a></b>', /mismatched/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>&bogus;</a>', /unknown entity/],
    ['<a>a & b</a>', /bare &/],
    ['<a>\u0001</a>', /forbids/],
    ['<a/><b/>', /more than one root/],
    ['<a x=1/>', /bad attribute/],
    ['<a>', /unclosed/],
  ])('rejects %j', (doc, err) => {
    expect(() => parseXml(doc)).toThrow(err);
  });
});

describe('renderJUnit', () => {
  const xml = renderJUnit(fixedResult());
  const root = parseXml(xml);

  it('is well-formed JUnit with the counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '6', failures: '3', errors: '0', skipped: '1' });
    const suites = root.children.filter((c) => c.name === 'testsuite');
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    expect(suite.attrs).toMatchObject({
      name: 'tollgate gate: arith',
      tests: '6',
      failures: '3',
      errors: '0',
      skipped: '1',
      time: '0',
    });
    const props = suite.children
      .find((c) => c.name === 'properties')!
      .children.map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(['baselineRunId', '2024-12-01T00-00-00']);
    expect(suite.children.find((c) => c.name === 'system-out')?.text).toMatch(/suite changed/);
  });

  it('has one testcase per candidate and check, with classname, name and time', () => {
    const cases = parseXml(xml).children[0]!.children.filter((c) => c.name === 'testcase');
    expect(cases).toHaveLength(6);
    for (const c of cases) expect(Object.keys(c.attrs).sort()).toEqual(['classname', 'name', 'time']);
    expect(cases[0]!.attrs).toEqual({ classname: 'gpt-4o/terse', name: 'gpt-4o/terse bar', time: '0' });
    expect(cases[0]!.children).toEqual([]);
  });

  it('puts the numbers in a failure naming the candidate, and marks skips', () => {
    const cases = root.children[0]!.children.filter((c) => c.name === 'testcase');
    const failure = cases[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.type).toBe('accuracy');
    expect(failure.attrs.message).toMatch(/^gpt-4o\/terse accuracy: Accuracy dropped/);
    expect(failure.text).toContain(
      'baseline: 95.0%\ncurrent: 88.0%\ndelta: -7.0 pts\np: 0.001\nthreshold: 0.02',
    );
    expect(cases[4]!.children.map((c) => c.name)).toEqual(['skipped']);
  });

  it('escapes hostile ids: markup as entities, forbidden characters made visible', () => {
    const cases = root.children[0]!.children.filter((c) => c.name === 'testcase');
    const hostile = cases[3]!;
    expect(hostile.attrs.classname).toBe('evil\\x1b[31m|<b>&"\'\\n\\x00x/\\u202eprompt');
    expect(hostile.children[0]!.text).toContain('candidate: evil\\x1b[31m|<b>&"\'\n\\x00x/\u202eprompt');
    expect(xml).not.toContain(HOSTILE_ID);
    expect(xml).not.toMatch(/[\u0000\u001b]/);
  });

  it('survives lone surrogates and every control character', () => {
    const r = fixedResult();
    const nasty = `${Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('')}\ud800\udfff\ufffe`;
    r.verdicts = r.verdicts.map((v) => ({ ...v, candidate: nasty, message: nasty }));
    r.notes = [nasty];
    expect(() => parseXml(renderJUnit(r))).not.toThrow();
  });
});
