// What every EVE event starts with (timestamp, flow_id, 5-tuple, proto), read once per line, and
// which side of the flow started it.
//
// Direction: Suricata writes most app-layer events (http, tls, ssh, smb, krb5, dns v2 queries and
// answers) in the flow's direction, src = the flow's originator, like Zeek's id.orig_h. Some events
// are written in the direction of the packet that caused them: alerts, anomalies, fileinfo (a
// downloaded file comes from the server), DNS v3 responses. For those the originator is taken, in
// order, from what an earlier event of the same flow showed (Originators), from an explicit
// direction the event carries, and last from the ports (a side on a well-known port is the server).
import { addrString, parseIp } from '../../net/ip-address.js';
import type { ConnId, TransportProto } from '../../schema/conn.js';
import { count, type Json } from './eve-json.js';
import { eveTime } from './eve-time.js';
import { ICMP4_COUNTERPART, ICMP6_COUNTERPART, IP_PROTOS } from './names.js';
import { eventUid } from './uid.js';

export interface EveHead {
  /** event time (EVE `timestamp`), epoch seconds */
  ts: number;
  /** connection uid from flow_id; undefined for events without a flow */
  uid: string | undefined;
  proto: TransportProto;
  /** IP protocol number */
  ipProto: number | undefined;
  /** the endpoints as the event wrote them (ICMP: type and counterpart/code as ports, as Zeek does) */
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
}

const V4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** An address in the text form Zeek prints (IPv6 in RFC 5952 form), or undefined if it is not one. */
export function addressText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (V4.test(v)) return v;
  if (!v.includes(':')) return undefined;
  const ip = parseIp(v);
  if (!ip) return undefined;
  const w = ip.words;
  return addrString(ip.v6, w[0]!, w[1]!, w[2]!, w[3]!);
}

function transport(ipProto: number | undefined): TransportProto {
  return ipProto === 6 ? 'tcp' : ipProto === 17 ? 'udp' : ipProto === 1 || ipProto === 58 ? 'icmp' : 'unknown_transport';
}

function ipProtoOf(p: unknown): number | undefined {
  if (typeof p === 'number') return Number.isInteger(p) && p >= 0 && p <= 255 ? p : undefined;
  if (typeof p !== 'string') return undefined;
  const upper = p.toUpperCase();
  const known = Object.hasOwn(IP_PROTOS, upper) ? IP_PROTOS[upper] : undefined;
  if (known !== undefined) return known;
  if (/^\d{1,3}$/.test(p) && Number(p) <= 255) return Number(p); // Suricata writes unnamed protocols as "047"
  return undefined;
}

function port(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  const n = count(v);
  return n !== undefined && n <= 65535 ? n : null;
}

/** Reads the head of an event, or returns why it cannot be used. */
export function readHead(ev: Json, raw: string): EveHead | string {
  const ts = eveTime(ev.timestamp);
  if (ts === undefined) return ev.timestamp === undefined ? 'no timestamp' : `timestamp ${JSON.stringify(ev.timestamp)} is not an EVE time`;
  const src = addressText(ev.src_ip);
  const dst = addressText(ev.dest_ip);
  if (src === undefined || dst === undefined) {
    const bad = src === undefined ? 'src_ip' : 'dest_ip';
    return ev[bad] === undefined ? `no ${bad}` : `${bad} ${JSON.stringify(ev[bad])} is not an IP address`;
  }
  const ipProto = ipProtoOf(ev.proto);
  const proto = transport(ipProto);
  let srcPort: number;
  let dstPort: number;
  if (proto === 'icmp') {
    const type = count(ev.icmp_type) ?? 0;
    const code = count(ev.icmp_code) ?? 0;
    const table = ipProto === 58 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART;
    srcPort = type & 0xffff;
    dstPort = (table[type] ?? code) & 0xffff;
  } else {
    const sp = port(ev.src_port);
    const dp = port(ev.dest_port);
    if (sp === null || dp === null) return `${sp === null ? 'src_port' : 'dest_port'} is not a port number`;
    srcPort = sp ?? 0;
    dstPort = dp ?? 0;
  }
  return { ts, uid: eventUid(ev.flow_id, raw), proto, ipProto, src, srcPort, dst, dstPort };
}

/** The connection id, originator first: the event's src, or its dest when `swap`. */
export function connId(h: EveHead, swap: boolean): ConnId {
  return swap
    ? { orig_h: h.dst, orig_p: h.dstPort, resp_h: h.src, resp_p: h.srcPort }
    : { orig_h: h.src, orig_p: h.srcPort, resp_h: h.dst, resp_p: h.dstPort };
}

/** Ports that are servers even though they are not below 1024. */
const HIGH_SERVER_PORTS = new Set([1433, 1521, 1900, 2049, 3128, 3268, 3306, 3389, 5060, 5353, 5355, 5432, 5900, 5985, 5986, 6379, 8000, 8008, 8080, 8443, 8888, 9200, 27017]);

function likelyServer(p: number): boolean {
  return p < 1024 || HIGH_SERVER_PORTS.has(p);
}

/**
 * Which end of each flow is its originator, as far as events seen so far show. Bounded: the oldest
 * flows are forgotten first (their events are long past in any file Suricata wrote).
 */
export class Originators {
  private readonly map = new Map<string, { h: string; p: number }>();
  constructor(private readonly max = 1 << 16) {}

  /** Records that `h:p` started flow `uid` (overwrite: a flow event is authoritative). */
  learn(uid: string | undefined, h: string, p: number, overwrite = false): void {
    if (uid === undefined) return;
    if (!overwrite && this.map.has(uid)) return;
    this.map.set(uid, { h, p });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  /** true when the event's src started the flow, false when its dest did, undefined when unknown. */
  srcIsOrig(h: EveHead): boolean | undefined {
    if (h.uid === undefined) return undefined;
    const o = this.map.get(h.uid);
    if (!o) return undefined;
    if (o.h === h.src && o.p === h.srcPort) return true;
    if (o.h === h.dst && o.p === h.dstPort) return false;
    return undefined;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * The direction of the packet a packet-direction event was written for, when the event shows it:
 * Suricata 7+ writes `direction`; otherwise the flow summary some events embed tells when nothing
 * had yet gone to the client (pkts_toclient 0), or the packet is the flow's first (its time is the
 * flow's start): both mean the packet went to the server.
 */
export function statedDirection(ev: Json): string | undefined {
  const d = ev.direction;
  if (d === 'to_server' || d === 'to_client') return d;
  const f = ev.flow;
  if (f === null || typeof f !== 'object') return undefined;
  const flow = f as Json;
  if (flow.pkts_toclient === 0 || (typeof flow.start === 'string' && flow.start === ev.timestamp)) return 'to_server';
  return undefined;
}

/**
 * For an event written in packet direction: should src and dest be swapped to put the originator
 * first? `hint` is the direction the event states (statedDirection), when it states one.
 */
export function packetSwap(o: Originators, h: EveHead, hint?: string): boolean {
  const known = o.srcIsOrig(h);
  if (known !== undefined) return !known;
  if (hint === 'to_client') return true;
  if (hint === 'to_server') return false;
  if (h.proto !== 'tcp' && h.proto !== 'udp') return false;
  return likelyServer(h.srcPort) && !likelyServer(h.dstPort);
}

/** A flow-direction event: src is the originator; remember it for the flow's other events. */
export function flowDirection(o: Originators, h: EveHead): ConnId {
  o.learn(h.uid, h.src, h.srcPort);
  return connId(h, false);
}
