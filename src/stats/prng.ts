/**
 * mulberry32: a small, fast, seeded 32-bit PRNG. Deterministic for a given seed, so Monte Carlo
 * p-values and simulations are reproducible.
 * @param seed any integer; only the low 32 bits are used
 * @returns a function giving floats in [0, 1)
 * @example const rand = mulberry32(42); rand(); // 0.6011...
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
