import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeTextAtomically } from '../results/atomic-write.ts';

/** The file in the run folder that remembers submitted batches, so a restart polls them instead of submitting again. */
export const BATCHES_FILE = 'batches.json';

/** One submitted (or being submitted) provider batch. */
export interface BatchEntry {
  /** tollgate's own id for the batch, also sent as metadata (`tollgate_batch`) where the API has it. */
  key: string;
  api: 'openai' | 'anthropic';
  /** The provider endpoint the batch went to (no credentials). */
  endpoint: string;
  /** The model id (suite id) every line of the batch uses. */
  modelId: string;
  /** The provider's batch id; null while the create call has not answered yet. */
  id: string | null;
  inputFileId: string | null;
  submittedAt: string;
  /** The samples in the batch: line `i` has custom_id `s{i}`. */
  samples: Array<{ candidate: string; caseId: string; repeat: number }>;
}

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
  const path = join(dir, BATCHES_FILE);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return [];
      }
      try {
        const v = JSON.parse(text) as { version: number; batches: BatchEntry[] };
        return Array.isArray(v.batches) ? v.batches : [];
      } catch {
        throw new UserError(
          `Expected valid JSON in ${path}, got a file that does not parse. Fix: the run folder is damaged; start a new run.`,
        );
      }
    },
    async save(entries) {
      // one batch per line: a batch of 10,000 samples stays a few hundred KB, and diffs read well
      await writeTextAtomically(
        path,
        `{"version": 1, "batches": [\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`,
      );
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
