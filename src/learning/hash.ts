// 32-bit string hashes for sketches. FNV-1a is cheap on short keys; the murmur3 finaliser spreads
// its weak low bits so HyperLogLog register indexes and count-min columns are uniform. Hashes must
// be identical across processes and releases: they are part of the persisted sketches.

/** FNV-1a over UTF-16 code units, finalised with murmur3's fmix32; an unsigned 32-bit integer. */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
