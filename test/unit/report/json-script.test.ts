import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../../src/report/json-script.ts';

describe('jsonForScript', () => {
  it('cannot close its script element and parses back unchanged', () => {
    const value = {
      a: '</script><script>alert(1)</script>',
      b: '<!-- x -->',
      c: 'a & b',
      d: '\u2028\u2029',
      e: 1,
    };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
