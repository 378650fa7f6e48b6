// One seeded PRNG for everything that must be reproducible: fuzzers, synthetic streams, the
// peer-group clustering's k-means++ seeding. Lives in src/net because every stage may import it.

/** Uniform in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; the same seed gives the same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
