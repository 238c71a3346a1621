/**
 * Runs `call` with its own AbortSignal that follows `signal`, and unlinks the two when the call
 * ends. The openai SDK adds an abort listener to the signal of every request and never removes it;
 * on one long-lived signal (the run's) those pile up (memory, and an O(n) scan per add), on a
 * signal of the call's own they go when it does.
 */
export async function onOwnSignal<T>(signal: AbortSignal, call: (s: AbortSignal) => Promise<T>): Promise<T> {
  const own = new AbortController();
  const forward = () => own.abort(signal.reason);
  if (signal.aborted) own.abort(signal.reason);
  else signal.addEventListener('abort', forward, { once: true });
  try {
    return await call(own.signal);
  } finally {
    signal.removeEventListener('abort', forward);
  }
}
