import { escapeControl } from '../escape-control.ts';

/**
 * Text from a run for the terminal: control characters, ANSI escapes and bidi overrides made
 * visible (escapeControl), then cut to `max` characters.
 * @param max the most characters shown @default 60
 */
export function safeText(s: string, max = 60): string {
  const clean = [...escapeControl(s)];
  return clean.length > max ? `${clean.slice(0, max - 1).join('')}…` : clean.join('');
}
