/** Counts a text's tokens. */
export interface Tokenizer {
  count(text: string): number;
  /** true: gpt-tokenizer's exact cl100k count; false: an upper bound with no tables. */
  exact: boolean;
}

/**
 * gpt-tokenizer's cl100k tables, loaded when a run first needs them: they cost ~40 MB, and a run
 * without a budget never counts a token locally. Whoever needs exact counts (the estimate, a
 * budgeted run, the simulator) awaits one and passes it on; nothing is kept here between callers
 * (the module system caches the tables themselves).
 */
export async function loadTokenizer(): Promise<Tokenizer> {
  const m = await import('gpt-tokenizer/encoding/cl100k_base');
  return { count: m.countTokens, exact: true };
}

/**
 * An upper bound on any byte-level BPE count, with no tables: every token is at least one byte.
 * Used for budget reservations when no exact tokenizer was loaded.
 */
export const upperBoundTokenizer: Tokenizer = {
  count: (text) => Buffer.byteLength(text, 'utf8'),
  exact: false,
};
