/** Deterministic stand-in for Math.random, so randomized peers give the same output on every run. */

/** 32-bit FNV-1a hash of a string, used as a per-document seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state. */
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

/**
 * Runs `fn` with Math.random replaced by a PRNG seeded from `seedText`, restoring it afterwards.
 * Only safe when nothing else runs concurrently, which holds for the benchmark's one-doc-at-a-time loops.
 */
export async function withSeededRandom<T>(seedText: string, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = mulberry32(hashSeed(seedText));
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
