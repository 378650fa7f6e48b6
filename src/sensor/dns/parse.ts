// Pure DNS message parsing (RFC 1035 and successors), with Zeek's meanings: names are lower-cased
// and lose their trailing dot, compression pointers must point backwards (so loops are impossible)
// and chains are bounded, and each answer record is rendered as the text Zeek's dns.log shows for it
// (see rdata.ts). Nothing here keeps state or allocates beyond the values returned.
import type { ParseResult } from '../app/analyzer.js';
import { readName } from './name.js';
import { rdataText } from './rdata.js';

export { readName, MAX_COMPRESSION_DEPTH, MAX_NAME_LEN } from './name.js';

export const DNS_HEADER_LEN = 12;
/** Zeek's dns_max_queries: more questions than this is not DNS. */
export const MAX_QUESTIONS = 25;
/** Resource records parsed per section, whatever the header claims. */
export const MAX_RRS_PER_SECTION = 512;
/** Largest DNS message over TCP (the length prefix is 16 bits). */
export const MAX_TCP_MESSAGE = 65535;

export interface DnsHeader {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** Zeek's Z: the three bits Z, AD, CD as one number */
  z: number;
  rcode: number;
  qdcount: number;
  ancount: number;
  nscount: number;
  arcount: number;
}

export interface DnsQuestion {
  name: string;
  qtype: number;
  qclass: number;
}

export interface DnsRR {
  /** owner name (Zeek's ans$query) */
  name: string;
  type: number;
  cls: number;
  ttl: number;
  /** the text Zeek logs for this record; '' when Zeek reports the record without text; null when it does not report it */
  reply: string | null;
}

export interface DnsMessage {
  header: DnsHeader;
  questions: DnsQuestion[];
  /** answer section (the prerequisite section of a dynamic update) */
  answers: DnsRR[];
  /** authority section: parsed only for dynamic updates (their update section) */
  updates: DnsRR[];
  /** the message was cut short here; everything before it is valid */
  error?: string;
  errorDetail?: string;
  /** the error means these bytes are not DNS (Zeek raises an analyzer violation) */
  fatal?: boolean;
  /** anomalies that did not stop parsing */
  weirds: string[];
}

export function parseHeader(buf: Buffer): ParseResult<DnsHeader> {
  if (buf.length < DNS_HEADER_LEN) return { status: 'malformed', anomaly: 'DNS_truncated_len_lt_hdr_len' };
  const flags = buf.readUInt16BE(2);
  return {
    status: 'ok',
    consumed: DNS_HEADER_LEN,
    value: {
      id: buf.readUInt16BE(0),
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >> 11) & 0xf,
      aa: (flags & 0x0400) !== 0,
      tc: (flags & 0x0200) !== 0,
      rd: (flags & 0x0100) !== 0,
      ra: (flags & 0x0080) !== 0,
      z: (flags >> 4) & 0x7,
      rcode: flags & 0xf,
      qdcount: buf.readUInt16BE(4),
      ancount: buf.readUInt16BE(6),
      nscount: buf.readUInt16BE(8),
      arcount: buf.readUInt16BE(10),
    },
  };
}

/** Parses one RR at `off` (name, fixed fields, rdata rendered as Zeek logs it). */
export function parseRR(buf: Buffer, off: number, weirds: string[]): ParseResult<DnsRR> & { fatal?: boolean } {
  const n = readName(buf, off);
  if (!n.ok) return { status: 'malformed', anomaly: n.anomaly, detail: n.detail, fatal: n.fatal };
  let p = n.next;
  if (p + 10 > buf.length) return { status: 'malformed', anomaly: 'DNS_truncated_ans_too_short' };
  const type = buf.readUInt16BE(p);
  const cls = buf.readUInt16BE(p + 2);
  const ttl = buf.readUInt32BE(p + 4);
  const rdlen = buf.readUInt16BE(p + 8);
  p += 10;
  if (p + rdlen > buf.length) return { status: 'malformed', anomaly: 'DNS_truncated_RR_rdlength_lt_len' };
  const reply = rdataText(buf, p, rdlen, type, n.name, weirds);
  return { status: 'ok', consumed: p + rdlen - off, value: { name: n.name, type, cls, ttl, reply } };
}

/** Parses a whole DNS message (one UDP payload or one TCP message without its length prefix). */
export function parseMessage(buf: Buffer): ParseResult<DnsMessage> {
  const h = parseHeader(buf);
  if (h.status !== 'ok') return h;
  const header = h.value;
  if (header.qdcount > MAX_QUESTIONS) return { status: 'malformed', anomaly: 'DNS_Conn_count_too_large', detail: `${header.qdcount} > ${MAX_QUESTIONS}` };
  const msg: DnsMessage = { header, questions: [], answers: [], updates: [], weirds: [] };
  let p = DNS_HEADER_LEN;
  for (let i = 0; i < header.qdcount; i++) {
    const n = readName(buf, p);
    if (!n.ok) return fail(msg, buf, n.anomaly, n.detail, n.fatal);
    if (n.next + 4 > buf.length) return fail(msg, buf, 'DNS_truncated_quest_too_short');
    msg.questions.push({ name: n.name, qtype: buf.readUInt16BE(n.next), qclass: buf.readUInt16BE(n.next + 2) });
    p = n.next + 4;
  }
  const sections: [number, DnsRR[]][] = [[header.ancount, msg.answers]];
  if (header.opcode === 5) sections.push([header.nscount, msg.updates]);
  for (const [count, into] of sections) {
    const max = Math.min(count, MAX_RRS_PER_SECTION);
    for (let i = 0; i < max; i++) {
      const rr = parseRR(buf, p, msg.weirds);
      if (rr.status !== 'ok') return fail(msg, buf, rr.status === 'malformed' ? rr.anomaly : 'DNS_truncated_ans_too_short', rr.status === 'malformed' ? rr.detail : undefined, rr.fatal);
      into.push(rr.value);
      p += rr.consumed;
    }
  }
  return { status: 'ok', consumed: buf.length, value: msg };
}

function fail(msg: DnsMessage, buf: Buffer, anomaly: string, detail?: string, fatal?: boolean): ParseResult<DnsMessage> {
  msg.error = anomaly;
  if (detail !== undefined) msg.errorDetail = detail;
  if (fatal) msg.fatal = true;
  return { status: 'ok', consumed: buf.length, value: msg };
}

/** TCP framing: the 2-byte length prefix of the next message, or need-more. */
export function parseTcpFrame(buf: Buffer): ParseResult<Buffer> {
  if (buf.length < 2) return { status: 'need-more', needed: 2 - buf.length };
  const len = buf.readUInt16BE(0);
  if (buf.length < 2 + len) return { status: 'need-more', needed: 2 + len - buf.length };
  return { status: 'ok', consumed: 2 + len, value: buf.subarray(2, 2 + len) };
}

/**
 * Content check for detection: a header whose counts fit the datagram, and questions that parse.
 * `strict` (for non-DNS ports) also requires one question, a standard opcode and every answer to parse to the end.
 */
export function looksLikeDns(buf: Buffer, strict: boolean, partial = false): boolean {
  if (buf.length < DNS_HEADER_LEN) return false;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  if (qd > MAX_QUESTIONS) return false;
  // Every question takes at least 5 bytes, every RR at least 11.
  if (!partial && DNS_HEADER_LEN + qd * 5 + (an + ns + ar) * 11 > buf.length) return false;
  const opcode = (buf[2]! >> 3) & 0xf;
  if (opcode === 3 || opcode > 6) return false;
  let p = DNS_HEADER_LEN;
  for (let i = 0; i < qd; i++) {
    const n = readName(buf, p);
    if (!n.ok || n.next + 4 > buf.length) return partial;
    p = n.next + 4;
  }
  if (!strict || partial) return !strict;
  const qr = (buf[2]! & 0x80) !== 0;
  if (opcode !== 0 || (qd !== 1 && !(qr && qd === 0 && an > 0))) return false;
  const w: string[] = [];
  for (let i = 0; i < an + ns + ar; i++) {
    const rr = parseRR(buf, p, w);
    if (rr.status !== 'ok') return false;
    p += rr.consumed;
  }
  return p === buf.length && w.length === 0;
}
