/** Durations for people, in the console, the reports and the estimate. */
import { EMPTY } from './empty.ts';

/**
 * A duration: milliseconds below a second, then seconds, then minutes.
 * @example formatMs(820) // '820 ms'
 * @example formatMs(1234) // '1.2 s'
 * @example formatMs(123_000) // '2 min 3 s'
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return EMPTY;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/**
 * An ISO timestamp as a UTC date and time, without depending on the local time zone.
 * @example formatDate('2025-03-04T05:06:07.000Z') // '2025-03-04 05:06 UTC'
 */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
