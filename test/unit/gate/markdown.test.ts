import { describe, expect, it } from 'vitest';
import { GATE_SECTION_END, GATE_SECTION_START, md, renderGateMarkdown } from '../../../src/gate/markdown.ts';
import { fixedResult } from '../../helpers/fixed-result.ts';

describe('renderGateMarkdown', () => {
  it('renders a marked section with the outcome, limits, table, failures and notes', () => {
    const text = renderGateMarkdown(fixedResult());
    expect(text.startsWith(`${GATE_SECTION_START}\n## Gate: ❌ failed\n`)).toBe(true);
    expect(text.endsWith(`${GATE_SECTION_END}\n`)).toBe(true);
    expect(text).toContain(
      'Limits: quality bar 90.0%; an accuracy drop fails when over 2.0 pts and significant',
    );
    expect(text).toContain('| \\$0.001 | \\$0.0012 | \\+20.0% |');
    expect(text).toContain('| candidate | check | baseline | current | delta | p | verdict |');
    expect(text).toContain('| gpt-4o/terse | accuracy | 95.0% | 88.0% | -7.0 pts | 0.001 | ❌ FAIL |');
    expect(text).toContain('**Failures**');
    expect(text).toContain('> **Note:** The suite changed since the baseline \\(suite hash abc -\\> def\\).');
  });

  it('keeps every table row to 7 cells and lets no HTML through', () => {
    const text = renderGateMarkdown(fixedResult());
    const rows = text.split('\n').filter((l) => l.startsWith('| '));
    for (const row of rows) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect(cells).toBe(7);
    }
    expect(text).not.toMatch(/<b>|\x1b|\u0000/);
    expect(text).toContain('evil\\\\x1b\\[31m\\|\\<b\\>&amp;"\'\\\\n');
  });

  it('md() escapes Markdown punctuation and entities', () => {
    expect(md('[x](http://e.com) *a* _b_ `c` <img> & |')).toBe(
      '\\[x\\]\\(http://e.com\\) \\*a\\* \\_b\\_ \\`c\\` \\<img\\> &amp; \\|',
    );
  });

  it('says when all passed', () => {
    const r = {
      ...fixedResult(),
      passed: true,
      verdicts: [],
      counts: { pass: 0, fail: 0, skip: 0 },
      notes: [],
    };
    expect(renderGateMarkdown(r)).toContain('## Gate: ✅ passed');
    expect(renderGateMarkdown(r)).not.toContain('**Failures**');
  });
});
