/**
 * Runs `call` with its own AbortSignal that follows `signal`, and unlinks the two when the call
 * ends. The openai SDK adds an abort listener to the signal of every request and never removes it;
 * on one long-lived signal (the run's) those pile up (memory, and an O(n) scan per add), on a
 * signal of the call's own they go when it does.
 */
export async function onOwnSignal<T>(
  signal: AbortSignal,
  call: (s: AbortSignal) => Promise<T>,
  /** A second signal the call's own follows too (a model stopped mid-run). */
  also?: AbortSignal,
): Promise<T> {
  const own = new AbortController();
  const sources = also ? [signal, also] : [signal];
  const forwards = sources.map((s) => {
    const forward = () => own.abort(s.reason);
    if (s.aborted) own.abort(s.reason);
    else s.addEventListener('abort', forward, { once: true });
    return () => s.removeEventListener('abort', forward);
  });
  try {
    return await call(own.signal);
  } finally {
    for (const unlink of forwards) unlink();
  }
}
