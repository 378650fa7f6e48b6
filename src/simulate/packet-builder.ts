// Builds well-formed Ethernet/IPv4/IPv6/TCP/UDP/ICMP frames with correct lengths and checksums.
// Used by the simulator, the demo, tests and fuzzers: a real capture needs real bytes.
import { fold, onesSum, pseudoHeaderSum } from '../net/checksum.js';
import { parseIp } from '../net/ip-address.js';

export interface Endpoint {
  mac: string;
  ip: string;
}

function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));
}

function ipBytes(ip: string): { v6: boolean; bytes: Buffer } {
  const p = parseIp(ip);
  if (!p) throw new Error(`bad address ${ip}`);
  const b = Buffer.alloc(p.v6 ? 16 : 4);
  if (p.v6) p.words.forEach((w, i) => b.writeUInt32BE(w >>> 0, i * 4));
  else b.writeUInt32BE(p.words[3]! >>> 0, 0);
  return { v6: p.v6, bytes: b };
}

export function ethernet(src: string, dst: string, ethertype: number, payload: Buffer, vlan?: number): Buffer {
  const head = Buffer.alloc(vlan === undefined ? 14 : 18);
  macBytes(dst).copy(head, 0);
  macBytes(src).copy(head, 6);
  if (vlan === undefined) head.writeUInt16BE(ethertype, 12);
  else {
    head.writeUInt16BE(0x8100, 12);
    head.writeUInt16BE(vlan & 0xfff, 14);
    head.writeUInt16BE(ethertype, 16);
  }
  return Buffer.concat([head, payload]);
}

let ipId = 1;

/** Restarts IP identification numbers (a simulation starts from the same state every time). */
export function resetIpIds(): void {
  ipId = 1;
}

/** An IP packet (v4 or v6 by the addresses) carrying `proto` with a correct transport checksum. */
export function ipPacket(src: string, dst: string, proto: number, l4: Buffer, opts: { ttl?: number; checksumAt?: number } = {}): Buffer {
  const s = ipBytes(src);
  const d = ipBytes(dst);
  if (s.v6 !== d.v6) throw new Error('mixed address families');
  let hdr: Buffer;
  if (!s.v6) {
    hdr = Buffer.alloc(20);
    hdr[0] = 0x45;
    hdr.writeUInt16BE(20 + l4.length, 2);
    hdr.writeUInt16BE(ipId++ & 0xffff, 4);
    hdr.writeUInt16BE(0x4000, 6);
    hdr[8] = opts.ttl ?? 64;
    hdr[9] = proto;
    s.bytes.copy(hdr, 12);
    d.bytes.copy(hdr, 16);
    hdr.writeUInt16BE(~fold(onesSum(hdr, 0, 20, 0)) & 0xffff, 10);
  } else {
    hdr = Buffer.alloc(40);
    hdr.writeUInt32BE(0x60000000, 0);
    hdr.writeUInt16BE(l4.length, 4);
    hdr[6] = proto;
    hdr[7] = opts.ttl ?? 64;
    s.bytes.copy(hdr, 8);
    d.bytes.copy(hdr, 24);
  }
  const pkt = Buffer.concat([hdr, l4]);
  if (opts.checksumAt !== undefined) {
    const l4off = hdr.length;
    pkt.writeUInt16BE(0, l4off + opts.checksumAt);
    const sum = proto === 1 ? onesSum(pkt, l4off, l4.length, 0) : onesSum(pkt, l4off, l4.length, pseudoHeaderSum(pkt, 0, s.v6, proto, l4.length));
    let c = ~fold(sum) & 0xffff;
    if (c === 0 && proto === 17) c = 0xffff;
    pkt.writeUInt16BE(c, l4off + opts.checksumAt);
  }
  return pkt;
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export function tcpSegment(sport: number, dport: number, seq: number, ack: number, flags: number, payload: Buffer = Buffer.alloc(0), win = 65535): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(win, 14);
  return Buffer.concat([h, payload]);
}

export function udpDatagram(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export function icmpMessage(type: number, code: number, rest: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h[1] = code;
  return Buffer.concat([h, rest]);
}

/** Frames for one direction of a host pair, with checksums filled in. */
export function frame(from: Endpoint, to: Endpoint, proto: number, l4: Buffer, vlan?: number): Buffer {
  const checksumAt = proto === 6 ? 16 : proto === 17 ? 6 : proto === 1 || proto === 58 ? 2 : undefined;
  const ip = ipPacket(from.ip, to.ip, proto, l4, { checksumAt });
  return ethernet(from.mac, to.mac, ip[0]! >> 4 === 6 ? 0x86dd : 0x0800, ip, vlan);
}
