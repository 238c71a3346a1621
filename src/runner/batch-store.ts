import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTextAtomically } from '../log/atomic-write.ts';
import { type BatchEntry, parseBatchesFile, serializeBatchesFile } from '../log/batches-file.ts';
import { FILES } from '../log/run-folder.ts';

/** The file in the run folder that remembers submitted batches, so a restart polls them instead of submitting again. */

export type { BatchEntry } from '../log/batches-file.ts';

/** Where batch entries are kept between restarts. */
export interface BatchStore {
  load(): Promise<BatchEntry[]>;
  save(entries: BatchEntry[]): Promise<void>;
}

/**
 * `batches.json` in the run folder, rewritten atomically (temp file + rename) on every change: a
 * batch is saved before it is submitted, then again with its id, so a process killed at any moment
 * leaves a readable file.
 */
export function createFileBatchStore(dir: string): BatchStore {
  const path = join(dir, FILES.batches);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return [];
      }
      return parseBatchesFile(text, path);
    },
    async save(entries) {
      await writeTextAtomically(path, serializeBatchesFile(entries));
    },
  };
}

/** A store that lives only as long as the process (runs with no run folder, tests). */
export function createMemoryBatchStore(initial: BatchEntry[] = []): BatchStore {
  let entries = structuredClone(initial);
  return {
    load: async () => structuredClone(entries),
    save: async (next) => {
      entries = structuredClone(next);
    },
  };
}

/** The custom_id of line `i`: short and within Anthropic's `^[a-zA-Z0-9_-]{1,64}$`. */
export function customIdOf(i: number): string {
  return `s${i}`;
}

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
