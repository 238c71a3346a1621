import { describe, expect, it } from 'vitest';
import { renderVerdictTable } from '../../../src/gate/verdict-table.ts';
import { fixedResult } from '../../helpers/fixed-result.ts';

describe('renderVerdictTable', () => {
  it('renders the columns, the failures, the notes and the outcome', () => {
    const text = renderVerdictTable(fixedResult(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^candidate\s+check\s+baseline\s+current\s+delta\s+p\s+verdict$/);
    expect(lines[2]).toMatch(/^gpt-4o\/terse\s+bar\s+90\.0%\s+93\.5%\s+\+3\.5 pts\s+-\s+PASS$/);
    expect(lines[3]).toMatch(/^gpt-4o\/terse\s+accuracy\s+95\.0%\s+88\.0%\s+-7\.0 pts\s+0\.001\s+FAIL$/);
    expect(lines[4]).toMatch(/^gpt-4o\/terse\s+cost\s+\$0\.00123\s+\$0\.00125\s+\+1\.6%\s+-\s+PASS$/);
    expect(text).toContain('✗ gpt-4o/terse accuracy: Accuracy dropped more than the 2.0 pts allowed');
    expect(text).toContain('note: The suite changed since the baseline');
    expect(text.trimEnd().endsWith('Gate failed (2 passed, 3 failed, 1 skipped).')).toBe(true);
  });

  it('aligns columns and keeps hostile ids on one line with no escape codes', () => {
    const text = renderVerdictTable(fixedResult(), { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\u0000');
    const rows = text.split('\n').slice(2, 8);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toContain('evil\\x1b[31m|<b>&"\'\\n\\x00x/\\u202eprompt');
    const verdictAt = rows.map((r) => r.search(/(PASS|FAIL|SKIP)$/));
    expect(new Set(verdictAt).size).toBe(1);
  });

  it('colours verdicts only when asked', () => {
    const colored = renderVerdictTable(fixedResult(), { color: true });
    expect(colored).toContain('\x1b[32mPASS\x1b[39m');
    expect(colored).toMatch(/\x1b\[31mFAIL/);
    // the id's own escape code is still shown as text, never emitted
    expect(colored).toContain('evil\\x1b[31m');
  });
});
