import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/escape-control.ts';
import { safeText } from '../../src/format/safe-text.ts';

describe('text from a run, printed to a terminal', () => {
  it('shows control characters, escapes, line separators and bidi overrides as text', () => {
    const hostile = 'a\u001b[31mred\u0007\r\n\t\u2028\u2029\u202eevil\u2066x\u0085';
    const shown = safeText(hostile, 200);
    expect(shown).toBe('a\\x1b[31mred\\x07\\r\\n\\t\\u2028\\u2029\\u202eevil\\u2066x\\x85');
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(safeText(hostile, 200)).toBe(escapeControl(hostile));
  });

  it('cuts long text by characters, not UTF-16 units', () => {
    expect(safeText('😀'.repeat(10), 4)).toBe('😀😀😀…');
    expect(safeText('short', 60)).toBe('short');
  });
});
