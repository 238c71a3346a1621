/** The most tollgate will wait on a server's say-so. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date), capped at 60 s.
 * @returns milliseconds, or null when the headers say nothing usable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return Math.min(v, MAX_RETRY_AFTER_MS);
  }
  const ra = headers.get('retry-after');
  if (ra !== null && ra.trim() !== '') {
    const secs = Number(ra);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, MAX_RETRY_AFTER_MS);
    const date = Date.parse(ra);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
  }
  return null;
}
