// Addresses and networks as the response stage needs them: parsed strictly and printed canonically
// (so nothing but a real address ever reaches an nft script), and CIDR matching for never-act lists,
// management addresses and device rules.
import { parseIp, addrString } from '../net/ip-address.js';

export interface Addr {
  v6: boolean;
  /** four 32-bit words; IPv4 in the last */
  words: number[];
  /** canonical text (RFC 5952 for IPv6) */
  text: string;
}

export interface Cidr {
  v6: boolean;
  words: number[];
  bits: number;
  text: string;
}

/** A strictly parsed address, or undefined (zone ids, brackets, spaces and anything else refused). */
export function parseAddr(text: string): Addr | undefined {
  if (typeof text !== 'string' || text.length > 45) return undefined;
  const ip = parseIp(text);
  if (!ip) return undefined;
  const [a, b, c, d] = ip.words as [number, number, number, number];
  return { v6: ip.v6, words: ip.words, text: addrString(ip.v6, a, b, c, d) };
}

/** `10.0.0.0/24`, `fd00::/8`, or a bare address (a /32 or /128). Host bits must be zero. */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const [addrText, bitsText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const a = parseAddr(addrText ?? '');
  if (!a) return undefined;
  const max = a.v6 ? 128 : 32;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  const net: Cidr = { v6: a.v6, words: a.words, bits, text: bits === max ? a.text : `${a.text}/${bits}` };
  const masked = mask(a.words, a.v6 ? bits : bits + 96);
  if (masked.some((w, i) => w !== a.words[i])) return undefined; // host bits set: probably a typo
  return net;
}

function mask(words: number[], bits: number): number[] {
  return words.map((w, i) => {
    const b = Math.max(0, Math.min(32, bits - 32 * i));
    return b === 0 ? 0 : b === 32 ? w >>> 0 : (w & ((0xffffffff << (32 - b)) >>> 0)) >>> 0;
  });
}

/** Whether the address lies in the network. */
export function contains(net: Cidr, a: Addr): boolean {
  if (net.v6 !== a.v6) return false;
  const bits = net.v6 ? net.bits : net.bits + 96;
  const m1 = mask(net.words, bits);
  const m2 = mask(a.words, bits);
  return m1.every((w, i) => w === m2[i]);
}

/** Whether the address text lies in any of the networks (false for text that is no address). */
export function inAny(nets: readonly Cidr[], ip: string | undefined): boolean {
  const a = ip === undefined ? undefined : parseAddr(ip);
  return !!a && nets.some((n) => contains(n, a));
}

/** Private, loopback, link-local, CGNAT and unique-local space: not an external endpoint. */
export const DEFAULT_INTERNAL_NETS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'];
