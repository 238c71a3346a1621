/**
 * Resolves on the event loop's next turn, after everything already queued has run: a request just
 * built is written, and answers and signals already in are handled, before the caller goes on.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The items of `items`, with a turn of the event loop after every `perTurn` of them: a long job
 * (rendering and writing thousands of lines) that leaves room for the answers coming in.
 */
export async function* inTurns<T>(items: Iterable<T>, perTurn: number): AsyncGenerator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % perTurn === 0) await nextTurn();
  }
}
