/** Formatting for people: money with sensible precision, percentages, and safe terminal text. */
import { escapeControl } from '../escape-control.ts';

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '$0';
  const a = Math.abs(v);
  if (a >= 100) return `$${v.toFixed(0)}`;
  if (a >= 1) return `$${v.toFixed(2)}`;
  if (a >= 0.01) return `$${v.toFixed(4)}`;
  return `$${v.toPrecision(2)}`;
}

export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

/**
 * Text from a run for the terminal: control characters, ANSI escapes and bidi overrides made
 * visible (escapeControl), then cut to `max` characters.
 */
export function safeText(s: string, max = 60): string {
  const clean = [...escapeControl(s)];
  return clean.length > max ? `${clean.slice(0, max - 1).join('')}…` : clean.join('');
}

/** A plain text table with right-aligned numeric columns. */
export function table(headers: string[], rows: string[][], rightAlign: boolean[] = []): string {
  const widths = headers.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - [...c].length));
        return rightAlign[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s % 60)
    .toString()
    .padStart(2, '0')}s`;
}
