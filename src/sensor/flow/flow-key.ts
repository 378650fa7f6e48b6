// The direction-independent hash of a connection's key (no strings: it runs for every packet).
import type { Packet } from '../decode/packet.js';

/** Direction-independent hash of the connection key (no strings: this runs for every packet). */
export function hashKey(p: Packet, sp: number, dp: number): number {
  const a = mix(mix(mix(mix(0x2545f491, p.s0), p.s1), p.s2), p.s3 ^ (sp << 16));
  const b = mix(mix(mix(mix(0x2545f491, p.d0), p.d1), p.d2), p.d3 ^ (dp << 16));
  return ((a + b) ^ (Math.imul(p.proto, 0x9e3779b1) + (sp ^ dp))) | 0;
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
