// Payloads of the protocols the simulated organisation speaks, real enough that the sensor's
// analyzers parse them without complaint: DNS (A and TXT), DHCP, NTP, HTTP, SSH banners.
import type { SimRandom } from './random.js';

function qname(name: string): Buffer {
  return Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
}

/** A DNS query for `name` and its answer: A records (`answers` are IPv4 strings) or TXT strings. */
export function dns(id: number, name: string, type: 'A' | 'TXT', answers: string[], ttl = 300): { query: Buffer; response: Buffer } {
  const qtype = type === 'A' ? 1 : 16;
  const question = Buffer.concat([qname(name), Buffer.from([0, qtype, 0, 1])]);
  const h = (flags: number, an: number) => {
    const b = Buffer.alloc(12);
    b.writeUInt16BE(id, 0);
    b.writeUInt16BE(flags, 2);
    b.writeUInt16BE(1, 4);
    b.writeUInt16BE(an, 6);
    return b;
  };
  const rrs = answers.map((a) => {
    const data = type === 'A' ? Buffer.from(a.split('.').map(Number)) : Buffer.concat([Buffer.from([Math.min(255, a.length)]), Buffer.from(a.slice(0, 255))]);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(ttl, 6);
    rr.writeUInt16BE(data.length, 10);
    return Buffer.concat([rr, data]);
  });
  return {
    query: Buffer.concat([h(0x0100, 0), question]),
    response: Buffer.concat([h(answers.length ? 0x8180 : 0x8183, answers.length), question, ...rrs]),
  };
}

/** One DHCP message (BOOTP + options) of the four-step lease. */
export function dhcp(type: 1 | 2 | 3 | 5, xid: number, mac: string, opts: { hostname?: string; requested?: string; yiaddr?: string; server?: string; lease?: number }): Buffer {
  const b = Buffer.alloc(240);
  b[0] = type === 2 || type === 5 ? 2 : 1;
  b[1] = 1;
  b[2] = 6;
  b.writeUInt32BE(xid, 4);
  if (opts.yiaddr) Buffer.from(opts.yiaddr.split('.').map(Number)).copy(b, 16);
  Buffer.from(mac.split(':').map((h) => parseInt(h, 16))).copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  const o: number[] = [53, 1, type];
  const addr = (code: number, ip: string) => o.push(code, 4, ...ip.split('.').map(Number));
  if (opts.requested) addr(50, opts.requested);
  if (opts.server) addr(54, opts.server);
  if (opts.lease) o.push(51, 4, (opts.lease >>> 24) & 255, (opts.lease >>> 16) & 255, (opts.lease >>> 8) & 255, opts.lease & 255);
  if (opts.hostname) o.push(12, opts.hostname.length, ...Buffer.from(opts.hostname));
  if (type === 2 || type === 5) {
    addr(1, '255.255.0.0');
    addr(3, '10.20.0.1');
    addr(6, '10.20.0.10');
  }
  o.push(255);
  return Buffer.concat([b, Buffer.from(o)]);
}

/** NTP client request (mode 3) and server reply (mode 4) at event time `t`. */
export function ntp(t: number): { request: Buffer; reply: Buffer } {
  const stamp = (b: Buffer, off: number, secs: number) => {
    const ntpSecs = Math.floor(secs) + 2208988800;
    b.writeUInt32BE(ntpSecs >>> 0, off);
    b.writeUInt32BE(Math.floor((secs % 1) * 4294967296) >>> 0, off + 4);
  };
  const request = Buffer.alloc(48);
  request[0] = (4 << 3) | 3;
  stamp(request, 40, t);
  const reply = Buffer.alloc(48);
  reply[0] = (4 << 3) | 4;
  reply[1] = 2;
  reply[2] = 6;
  reply[3] = 0xe9;
  reply.write('GPS\0', 12, 'latin1');
  stamp(reply, 16, t - 30);
  stamp(reply, 24, t);
  stamp(reply, 32, t + 0.01);
  stamp(reply, 40, t + 0.011);
  return { request, reply };
}

export function httpRequest(method: string, host: string, uri: string, ua: string, body?: Buffer): Buffer {
  const head = `${method} ${uri} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${ua}\r\nAccept: */*\r\n${body ? `Content-Length: ${body.length}\r\nContent-Type: application/octet-stream\r\n` : ''}\r\n`;
  return body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head);
}

export function httpResponse(r: SimRandom, size: number, type = 'text/html'): Buffer {
  const body = type === 'text/html' ? Buffer.from(`<!DOCTYPE html><html><head><title>page</title></head><body>${'x'.repeat(Math.max(0, size - 80))}</body></html>`) : r.bytes(size);
  return Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
}

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Microsoft-CryptoAPI/10.0',
  'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50',
];

export function sshBanner(software: string): Buffer {
  return Buffer.from(`SSH-2.0-${software}\r\n`);
}

/** One SSH binary packet (RFC 4253 §6), unencrypted: length, padding length, payload, padding. */
export function sshPacket(payload: Buffer): Buffer {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  const b = Buffer.alloc(4 + 1 + payload.length + pad);
  b.writeUInt32BE(1 + payload.length + pad, 0);
  b[4] = pad;
  payload.copy(b, 5);
  return b;
}

function nameList(names: string[]): Buffer {
  const s = Buffer.from(names.join(','));
  const b = Buffer.alloc(4);
  b.writeUInt32BE(s.length);
  return Buffer.concat([b, s]);
}

/** SSH_MSG_KEXINIT with the given algorithm lists. */
export function sshKexinit(r: SimRandom, kex: string[], hostKey: string[], ciphers: string[], macs: string[]): Buffer {
  const lists = [kex, hostKey, ciphers, ciphers, macs, macs, ['none'], ['none'], [], []].map(nameList);
  return sshPacket(Buffer.concat([Buffer.from([20]), r.bytes(16), ...lists, Buffer.from([0, 0, 0, 0, 0])]));
}

/** The unencrypted key exchange messages after KEXINIT, then NEWKEYS. */
export function sshKexdh(r: SimRandom, server: boolean): Buffer {
  const withLen = (b: Buffer) => {
    const l = Buffer.alloc(4);
    l.writeUInt32BE(b.length);
    return Buffer.concat([l, b]);
  };
  if (!server) return Buffer.concat([sshPacket(Buffer.concat([Buffer.from([30]), withLen(r.bytes(32))])), sshPacket(Buffer.from([21]))]);
  const hostKey = withLen(Buffer.concat([withLen(Buffer.from('ssh-ed25519')), withLen(r.bytes(32))]));
  const sig = withLen(Buffer.concat([withLen(Buffer.from('ssh-ed25519')), withLen(r.bytes(64))]));
  return Buffer.concat([sshPacket(Buffer.concat([Buffer.from([31]), hostKey, withLen(r.bytes(32)), sig])), sshPacket(Buffer.from([21]))]);
}
