/**
 * Resolves on the event loop's next turn, after everything already queued has run: a request just
 * built is written, and answers already in are read, before the caller goes on.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
