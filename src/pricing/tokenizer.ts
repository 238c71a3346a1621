/**
 * gpt-tokenizer's cl100k tables, loaded on first need: they cost ~40 MB, and a run without a budget
 * never counts a token locally. Whoever needs exact counts (the estimate, a budgeted run, the
 * simulator) awaits `loadTokenizer()` first.
 */
let encode: ((text: string) => number) | null = null;

export async function loadTokenizer(): Promise<void> {
  if (encode) return;
  const m = await import('gpt-tokenizer/encoding/cl100k_base');
  encode = m.countTokens;
}

export function tokenizerLoaded(): boolean {
  return encode !== null;
}

/** Exact cl100k count. Throws when `loadTokenizer()` has not been awaited. */
export function countTokens(text: string): number {
  if (!encode) throw new Error('the tokenizer is not loaded: await loadTokenizer() first');
  return encode(text);
}

/**
 * An upper bound on any byte-level BPE count, with no tables: every token is at least one byte.
 * Used for budget reservations only if the tokenizer was never loaded.
 */
export function tokenUpperBound(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
