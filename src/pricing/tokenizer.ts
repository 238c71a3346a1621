import { createRequire } from 'node:module';

/** Counts a text's tokens. */
export interface Tokenizer {
  count(text: string): number;
  /** true: gpt-tokenizer's exact cl100k count; false: an upper bound with no tables. */
  exact: boolean;
}

type Cl100k = typeof import('gpt-tokenizer/encoding/cl100k_base');
let cl100k: Cl100k | null = null;

/**
 * gpt-tokenizer's exact cl100k count. Its tables (~40 MB, ~50 ms to build) are required on the
 * first count, not when this module loads: a run served from the cache, or one without a budget,
 * never counts a token locally and never pays for them.
 */
export const exactTokenizer: Tokenizer = {
  count(text) {
    cl100k ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as Cl100k;
    return cl100k.countTokens(text);
  },
  exact: true,
};

/**
 * An upper bound on any byte-level BPE count, with no tables: every token is at least one byte.
 * Used for budget reservations when no exact tokenizer was loaded.
 */
export const upperBoundTokenizer: Tokenizer = {
  count: (text) => Buffer.byteLength(text, 'utf8'),
  exact: false,
};
