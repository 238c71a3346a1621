import { ProviderError } from '../errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 5 */
  maxAttempts: number;
  /** First backoff step. @default 500 */
  baseDelayMs: number;
  /** Backoff ceiling. @default 30000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface RetryDeps {
  /** Must reject when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: ProviderError; attempts: number };

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `maxAttempts` is reached.
 * The wait honours the server's retry-after (already capped at 60 s), else exponential backoff with
 * "equal jitter" (half the step plus a random share of the other half). Errors that are not
 * ProviderErrors (budget stops, aborts) propagate at once.
 */
export async function withRetry<T>(
  attempt: (index: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  signal: AbortSignal,
): Promise<RetryOutcome<T>> {
  for (let i = 0; ; i++) {
    try {
      return { ok: true, value: await attempt(i), attempts: i + 1 };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (!err.retryable || i + 1 >= policy.maxAttempts || signal.aborted) {
        return { ok: false, error: err, attempts: i + 1 };
      }
      await deps.sleep(backoffMs(i, err.retryAfterMs, policy, deps.random), signal);
    }
  }
}

/** The wait before retry number `i + 1`. */
export function backoffMs(
  i: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** i);
  // "equal jitter": at least half the step, so a storm of 429s still spreads out
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A sleep that rejects when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
