const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Makes control characters visible (`\n`, `\x1b`, `\u202e`), so text from a run (an id, a model's
 * output, a server's message) can neither break a line of a table, nor inject terminal escape
 * codes, nor reorder text with bidi overrides. Used by the console output and the gate's reports.
 * @example escapeControl('a\u001b[31mb') // 'a\\x1b[31mb'
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (ch) => {
    return NAMED[ch] ?? visibleChar(ch);
  });
}

/** One character as an escape: `\x1b` up to U+00FF, else `\u202e`. */
export function visibleChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}
