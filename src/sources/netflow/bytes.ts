// Big-endian reads and text forms for NetFlow/IPFIX field values. Callers check bounds before
// reading (every decoder compares offsets against the set or packet end first), so these helpers
// stay branch-free on the hot path.
import { ipv6String } from '../../net/ip-address.js';

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * Unsigned big-endian integer of 1..8 bytes. Values above 2^53 − 1 cannot be a JS number exactly, so
 * they come back as decimal text (counters that large only come from broken or hostile exporters).
 */
export function uint(b: Uint8Array, o: number, len: number): number | string {
  if (len <= 6) {
    let v = 0;
    for (let i = 0; i < len; i++) v = v * 256 + b[o + i]!;
    return v;
  }
  let hi = 0;
  for (let i = 0; i < len - 4; i++) hi = hi * 256 + b[o + i]!;
  const lo = u32(b, o + len - 4);
  const v = hi * 4294967296 + lo;
  if (v <= Number.MAX_SAFE_INTEGER) return v;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Unsigned value as a number even when it loses precision (for arithmetic on counters). */
export function uintNumber(b: Uint8Array, o: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + b[o + i]!;
  return v;
}

/** Two's-complement signed integer of 1..8 bytes (same precision rule as `uint`). */
export function sint(b: Uint8Array, o: number, len: number): number | string {
  if (len === 0) return 0;
  const negative = (b[o]! & 0x80) !== 0;
  if (!negative) return uint(b, o, len);
  if (len <= 6) return uintNumber(b, o, len) - 2 ** (8 * len);
  let big = 0n;
  for (let i = 0; i < len; i++) big = (big << 8n) | BigInt(b[o + i]!);
  big -= 1n << BigInt(8 * len);
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

export function hex(b: Uint8Array, o: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX[b[o + i]!];
  return s;
}

export function ipv4Text(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

export function ipv6Text(b: Uint8Array, o: number): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!;
  return ipv6String(g);
}

export function macText(b: Uint8Array, o: number): string {
  return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Text field: UTF-8 (invalid sequences become U+FFFD), trailing NUL padding removed. */
export function text(b: Uint8Array, o: number, len: number): string {
  let end = o + len;
  while (end > o && b[end - 1] === 0) end--;
  if (end === o) return '';
  let ascii = true;
  for (let i = o; i < end; i++) {
    if (b[i]! >= 0x80 || b[i] === 0) { ascii = false; break; }
  }
  if (ascii && end - o < 64) return String.fromCharCode.apply(null, b.subarray(o, end) as unknown as number[]);
  return UTF8.decode(b.subarray(o, end));
}
