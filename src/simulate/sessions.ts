// Whole conversations as frames: a TCP session (handshake, data both ways with acks, orderly close
// or reset), UDP request/response, and ICMP echo. Sequence and acknowledgement numbers are real.
import { frame, icmpMessage, tcpSegment, TCP_FLAGS, udpDatagram, type Endpoint } from './packet-builder.js';

export interface TimedFrame {
  ts: number;
  frame: Buffer;
}

const MSS = 1448;
const { SYN, ACK, FIN, RST, PSH } = TCP_FLAGS;

export interface TcpSessionSpec {
  client: Endpoint;
  server: Endpoint;
  sport: number;
  dport: number;
  start: number;
  /** request and response payloads (sent in turn: request, response, …) */
  exchanges: { request: Buffer; response: Buffer }[];
  /** round-trip time in seconds */
  rtt?: number;
  /** server refuses (RST to the SYN) */
  refused?: boolean;
  /** nobody answers the SYN */
  unanswered?: boolean;
  isn?: number;
}

export function tcpSession(s: TcpSessionSpec): TimedFrame[] {
  const out: TimedFrame[] = [];
  const rtt = s.rtt ?? 0.02;
  let t = s.start;
  let cseq = s.isn ?? (s.sport * 7919 + s.start * 1000) >>> 0;
  let sseq = (cseq * 2654435761) >>> 0;
  const c2s = (flags: number, payload?: Buffer) => out.push({ ts: t, frame: frame(s.client, s.server, 6, tcpSegment(s.sport, s.dport, cseq, flags & ACK ? sseq : 0, flags, payload)) });
  const s2c = (flags: number, payload?: Buffer) => out.push({ ts: t, frame: frame(s.server, s.client, 6, tcpSegment(s.dport, s.sport, sseq, cseq, flags, payload)) });
  c2s(SYN);
  cseq = (cseq + 1) >>> 0;
  if (s.unanswered) {
    t += 1;
    cseq = (cseq - 1) >>> 0;
    c2s(SYN);
    return out;
  }
  t += rtt / 2;
  if (s.refused) {
    out.push({ ts: t, frame: frame(s.server, s.client, 6, tcpSegment(s.dport, s.sport, 0, cseq, RST | ACK)) });
    return out;
  }
  s2c(SYN | ACK);
  sseq = (sseq + 1) >>> 0;
  t += rtt / 2;
  c2s(ACK);
  for (const ex of s.exchanges) {
    for (let o = 0; o < ex.request.length; o += MSS) {
      const part = ex.request.subarray(o, o + MSS);
      c2s(ACK | PSH, part);
      cseq = (cseq + part.length) >>> 0;
      t += 0.0005;
    }
    t += rtt / 2;
    if (ex.request.length) s2c(ACK);
    t += 0.002;
    for (let o = 0; o < ex.response.length; o += MSS) {
      const part = ex.response.subarray(o, o + MSS);
      s2c(ACK | PSH, part);
      sseq = (sseq + part.length) >>> 0;
      t += 0.0002;
      if ((o / MSS) % 2 === 1) {
        t += rtt / 2;
        c2s(ACK);
      }
    }
    t += rtt / 2;
    c2s(ACK);
  }
  t += 0.01;
  c2s(FIN | ACK);
  cseq = (cseq + 1) >>> 0;
  t += rtt / 2;
  s2c(FIN | ACK);
  sseq = (sseq + 1) >>> 0;
  t += rtt / 2;
  c2s(ACK);
  return out;
}

export function udpExchange(client: Endpoint, server: Endpoint, sport: number, dport: number, start: number, request: Buffer, response: Buffer | null, rtt = 0.005): TimedFrame[] {
  const out: TimedFrame[] = [{ ts: start, frame: frame(client, server, 17, udpDatagram(sport, dport, request)) }];
  if (response) out.push({ ts: start + rtt, frame: frame(server, client, 17, udpDatagram(dport, sport, response)) });
  return out;
}

export function ping(client: Endpoint, server: Endpoint, start: number, count: number, id: number): TimedFrame[] {
  const out: TimedFrame[] = [];
  const data = Buffer.alloc(56, 0x61);
  for (let i = 0; i < count; i++) {
    const rest = Buffer.alloc(4);
    rest.writeUInt16BE(id, 0);
    rest.writeUInt16BE(i + 1, 2);
    const body = Buffer.concat([rest, data]);
    const v6 = client.ip.includes(':');
    out.push({ ts: start + i, frame: frame(client, server, v6 ? 58 : 1, icmpMessage(v6 ? 128 : 8, 0, body)) });
    out.push({ ts: start + i + 0.001, frame: frame(server, client, v6 ? 58 : 1, icmpMessage(v6 ? 129 : 0, 0, body)) });
  }
  return out;
}

/** A minimal DNS query and its answer (one A record). */
export function dnsMessages(id: number, name: string, answer: string | null): { query: Buffer; response: Buffer } {
  const qname = Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const question = Buffer.concat([qname, Buffer.from([0, 1, 0, 1])]);
  const qh = Buffer.alloc(12);
  qh.writeUInt16BE(id, 0);
  qh.writeUInt16BE(0x0100, 2);
  qh.writeUInt16BE(1, 4);
  const rh = Buffer.alloc(12);
  rh.writeUInt16BE(id, 0);
  rh.writeUInt16BE(answer ? 0x8180 : 0x8183, 2);
  rh.writeUInt16BE(1, 4);
  rh.writeUInt16BE(answer ? 1 : 0, 6);
  const parts = [rh, question];
  if (answer) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(1, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(300, 6);
    rr.writeUInt16BE(4, 10);
    answer.split('.').forEach((o, i) => (rr[12 + i] = Number(o)));
    parts.push(rr);
  }
  return { query: Buffer.concat([qh, question]), response: Buffer.concat(parts) };
}
