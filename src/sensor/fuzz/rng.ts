// Deterministic randomness for the fuzzer: every input is a pure function of (seed, index).
import { MAX_PCAP_RECORD } from '../../sources/pcap/pcap-parser.js';

// ---------------------------------------------------------------- randomness

import { mulberry32 as makeRng, type Rng } from '../../net/prng.js';

export { makeRng, type Rng };

/** The generator of input `index` in a run seeded with `seed` (independent of the other inputs). */
export function inputRng(seed: number, index: number): Rng {
  return makeRng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

export const int = (r: Rng, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rng, a: readonly T[]): T => a[int(r, a.length)]!;
export const chance = (r: Rng, p: number): boolean => r() < p;
export const randBytes = (r: Rng, n: number): Buffer => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
};

/** Values at the edges of the parsers' checks (zero, header sizes, 16/32-bit limits, record limits). */
export const INTERESTING = [
  0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 15, 16, 19, 20, 24, 27, 28, 31, 32, 39, 40, 60, 64, 127, 128, 255, 256, 1499, 1500,
  0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, MAX_PCAP_RECORD - 1, MAX_PCAP_RECORD, MAX_PCAP_RECORD + 1, 0x100000,
  0x100004, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffc, 0xffffffff,
];

