import { type Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.ts';

/**
 * Parses a YAML (or JSON) file that must hold a mapping. Syntax errors are reported all at once
 * with their lines; anything but a mapping is one issue saying what was expected.
 */
export function parseYamlMapping(
  text: string,
  file: string,
  want: { expected: string; fix: string },
): { doc: Document.Parsed; counter: LineCounter; input: Record<string, unknown> } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        path: '',
        line: e.linePos ? contentLine(text, e.linePos[0].line) : null,
        expected: 'valid YAML',
        got: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        fix: 'check the indentation and quoting on that line (quote values that contain ": " or start with { [ * & !).',
      })),
    );
  }
  const input = doc.toJS() as unknown;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError([
      {
        file,
        path: '',
        line: 1,
        expected: want.expected,
        got: input === null ? 'an empty file' : 'a list or a single value',
        fix: want.fix,
      },
    ]);
  }
  return { doc, counter, input: input as Record<string, unknown> };
}

/**
 * The line an error is reported on, moved up past blank lines: an error at the end of the input
 * (an unclosed `[`, a missing value) is positioned after the last newline, a line the file does not
 * show; the problem is on the last line with something on it.
 */
function contentLine(text: string, line: number): number {
  const lines = text.split(/\r?\n/);
  let n = Math.min(line, lines.length);
  while (n > 1 && (lines[n - 1] ?? '').trim() === '') n--;
  return n;
}
