import { escapeControl } from '../escape-control.ts';

/**
 * Escapes text so it shows as written inside Markdown, table cells included: newlines become
 * spaces, other control characters and bidi overrides are made visible (as in the gate's section
 * of the same file), and Markdown punctuation is backslash-escaped. `$` is escaped too, because
 * GitHub renders `$...$` as math.
 * @example escapeMarkdown('a|b_c') // 'a\\|b\\_c'
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_[\]<>|#~$]/g, (ch) => `\\${ch}`);
}
