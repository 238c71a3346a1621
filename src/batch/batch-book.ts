import type { BatchEntry, BatchStore } from './batch-store.ts';

/**
 * The run's batches in memory, shared by every provider group, with saves queued one after the
 * other so concurrent groups never interleave writes to `batches.json`.
 */
export interface BatchBook {
  readonly entries: BatchEntry[];
  /** A new entry key, unique within the run. */
  nextKey(runId: string): string;
  add(e: BatchEntry): Promise<void>;
  remove(e: BatchEntry): Promise<void>;
  /** Saves the current state (after an entry changed in place). */
  persist(): Promise<void>;
}

export async function openBatchBook(store: BatchStore): Promise<BatchBook> {
  const entries = await store.load();
  let n = entries.length;
  let chain: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    chain = chain.then(() => store.save(entries));
    return chain;
  };
  return {
    entries,
    nextKey: (runId) => `${runId}-b${++n}`,
    add(e) {
      entries.push(e);
      return persist();
    },
    remove(e) {
      const i = entries.indexOf(e);
      if (i >= 0) entries.splice(i, 1);
      return persist();
    },
    persist,
  };
}
