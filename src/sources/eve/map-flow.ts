// EVE `flow` and `netflow` events → conn (Zeek conn.log meaning).
//
// flow: one event per flow when Suricata ends it; src is the flow's originator (the sender of its
// first packet, or the client when Suricata reversed a mid-stream flow), *_toserver are the
// originator's packets. netflow: one event per direction, both with the same flow_id, the toclient
// one with src and dest swapped; the two halves are paired here into one connection.
//
// Bytes: EVE counts whole captured packets including the link-layer header (a 68-byte IP packet on
// Ethernet counts 82: checked against suricata-verify's nfs3-01 capture), Zeek's *_ip_bytes count
// the IP total length. `linkHeaderBytes` (default 14, Ethernet) per packet, plus 4 per 802.1Q tag,
// is taken off; Ethernet's padding of short frames to 60 bytes is not known and stays counted.
//
// conn_state, from the TCP flags EVE ORs together per direction (tcp_flags_ts: originator,
// tcp_flags_tc: responder), following Zeek's conn_state() over endpoint states, where an endpoint
// is RESET if it sent RST, else CLOSED if it sent FIN, else ESTABLISHED if both sides sent SYN,
// else SYN_SENT (originator SYN) / SYN_ACK_SENT (responder SYN), else PARTIAL if it sent anything:
//   responder RST: REJ if the originator had only sent SYN (or the handshake never completed),
//                  RSTRH if the originator sent nothing / no SYN, else RSTR
//   originator RST: RSTOS0 if it sent SYN then RST with no ACK and the responder was silent,
//                   OTH if the responder was silent otherwise, else RSTO
//   FIN both ways: SF;  originator FIN only: SH if the responder was silent, else S2;
//   responder FIN only: SHR if the originator was silent, else S3
//   originator SYN, responder silent: S0;  handshake, no FIN/RST: S1;  anything else: OTH
// Without per-direction flags, from flow.state: new → S0 (only the originator sent) or OTH,
// established → S1, closed → SF (RSTO when the combined flags show an RST), bypassed → S1/OTH.
// UDP, ICMP and other protocols: SF both ways, S0 originator only, SHR responder only (Zeek's rule).
//
// history: Zeek's letters from the same flags, in a fixed order (the packet order is not in EVE):
// S/s SYN, H/h SYN+ACK, A/a ACK, D/d data (PSH), F/f FIN, R/r RST; upper case originator. An ACK
// that came only with an RST is not given its own letter (a rejected SYN reads "Sr", as in Zeek).
import type { Connection, ConnState } from '../../schema/conn.js';
import { MAPPED, failed, trimOldest, type EveContext, type LineRef, type Outcome, type StatefulMapper } from './context.js';
import { connId, type EveHead } from './eve-head.js';
import { arr, count, obj, str, text, type Json } from './eve-json.js';
import { eveMicros } from './eve-time.js';
import { zeekService } from './names.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

/** Netflow halves waiting for their other direction; more than this and the oldest is logged alone. */
export const MAX_PENDING_NETFLOW = 10_000;
/** Ethernet header, taken off each packet's byte count by default. */
export const DEFAULT_LINK_HEADER_BYTES = 14;

function flags(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^[0-9a-fA-F]{1,2}$/.test(v)) return undefined;
  return parseInt(v, 16);
}

type Ep = 'inactive' | 'partial' | 'syn_sent' | 'syn_ack_sent' | 'established' | 'closed' | 'reset';

/** Zeek's conn_state for TCP from the flags each side sent (see the header comment). */
export function tcpConnState(ts: number, tc: number, origPkts: number, respPkts: number): ConnState {
  const handshake = (ts & SYN) !== 0 && (tc & SYN) !== 0;
  const o: Exclude<Ep, 'syn_ack_sent'> = ts & RST ? 'reset' : ts & FIN ? 'closed' : handshake ? 'established' : ts & SYN ? 'syn_sent' : origPkts > 0 || ts ? 'partial' : 'inactive';
  const r: Ep = tc & RST ? 'reset' : tc & FIN ? 'closed' : handshake ? 'established' : tc & SYN ? 'syn_ack_sent' : respPkts > 0 || tc ? 'partial' : 'inactive';
  const oInactive = o === 'inactive' || o === 'partial';
  const rInactive = r === 'inactive' || r === 'partial';
  if (r === 'reset') {
    if (o === 'syn_sent' || (o === 'reset' && !handshake && (ts & SYN) !== 0)) return 'REJ';
    return oInactive ? 'RSTRH' : 'RSTR';
  }
  if (o === 'reset') {
    if (rInactive) return (ts & SYN) !== 0 && (ts & (ACK | FIN)) === 0 ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (o === 'closed' && r === 'closed') return 'SF';
  if (o === 'closed') return rInactive ? 'SH' : 'S2';
  if (r === 'closed') return oInactive ? 'SHR' : 'S3';
  if (o === 'syn_sent' && r === 'inactive') return 'S0';
  if (o === 'established' && r === 'established') return 'S1';
  return 'OTH';
}

/** Zeek-style history letters from the flags each side sent (fixed order; see the header comment). */
export function tcpHistory(ts: number, tc: number): string {
  let s = '';
  if (ts & SYN) s += 'S';
  if (tc & SYN) s += tc & ACK ? 'h' : 's';
  // an ACK that only rode on an RST gets no letter of its own
  if (ts & ACK && (ts & (SYN | PSH | FIN) || !(ts & RST))) s += 'A';
  if (ts & PSH) s += 'D';
  if (tc & ACK && (tc & (PSH | FIN) || !(tc & (SYN | RST)))) s += 'a';
  if (tc & PSH) s += 'd';
  if (ts & FIN) s += 'F';
  if (tc & FIN) s += 'f';
  if (ts & RST) s += 'R';
  if (tc & RST) s += 'r';
  return s;
}

function otherState(origPkts: number, respPkts: number): ConnState {
  return origPkts > 0 ? (respPkts > 0 ? 'SF' : 'S0') : respPkts > 0 ? 'SHR' : 'OTH';
}

function fromFlowState(state: string | undefined, anyRst: boolean, origPkts: number, respPkts: number): ConnState {
  switch (state) {
    case 'new':
      return respPkts === 0 ? 'S0' : 'OTH';
    case 'established':
      return 'S1';
    case 'closed':
      return anyRst ? 'RSTO' : 'SF';
    default:
      return respPkts > 0 && origPkts > 0 ? 'S1' : 'OTH';
  }
}

/** Zeek's service list from app_proto and what it changed from (STARTTLS, HTTP CONNECT). */
function service(ev: Json, proto: string): string | undefined {
  const main = zeekService(str(ev.app_proto), proto);
  if (ev.app_proto_orig === undefined && ev.app_proto_ts === undefined && ev.app_proto_tc === undefined) return main;
  const names: string[] = [];
  for (const k of ['app_proto_orig', 'app_proto', 'app_proto_ts', 'app_proto_tc']) {
    const s = zeekService(str(ev[k]), proto);
    if (s && !names.includes(s)) names.push(s);
  }
  return names.length ? names.join(',') : undefined;
}

/** First MAC of each side: flow events carry ether.src_macs/dest_macs, packet events src_mac/dest_mac. */
function macs(ev: Json): [string | undefined, string | undefined] {
  const e = obj(ev.ether);
  if (!e) return [undefined, undefined];
  const first = (list: unknown, one: unknown) => text(arr(list)?.[0]) ?? text(one);
  return [first(e.src_macs, e.src_mac), first(e.dest_macs, e.dest_mac)];
}

function vlans(ev: Json): number[] {
  const v = arr(ev.vlan);
  return v ? v.filter((x): x is number => typeof x === 'number' && Number.isInteger(x)) : [];
}

interface Side {
  pkts: number;
  bytes: number;
  flags: number | undefined;
}

export interface ConnMapOptions {
  /** link-layer bytes per packet taken off EVE's byte counts (14: Ethernet; 0: raw IP captures) */
  linkHeaderBytes: number;
}

function ipBytes(side: Side, perPacket: number): number {
  return Math.max(0, side.bytes - side.pkts * perPacket);
}

/** What a flow or a netflow pair says about a connection whose originator is `h`'s src. */
interface FlowFacts {
  startUs: number | undefined;
  endUs: number | undefined;
  orig: Side;
  resp: Side;
  /** flow.state, for TCP without per-direction flags */
  state?: string;
  /** an RST was seen in either direction (combined flags) */
  anyRst?: boolean;
}

function buildConn(h: EveHead, ev: Json, facts: FlowFacts, opts: ConnMapOptions): Connection {
  const { startUs, endUs, orig, resp } = facts;
  const uid = h.uid!;
  const tags = vlans(ev);
  const perPacket = opts.linkHeaderBytes > 0 ? opts.linkHeaderBytes + 4 * tags.length : 0;
  let connState: ConnState;
  let history: string | undefined;
  if (h.proto === 'tcp') {
    // flags "00"/"00" with packets: Suricata kept no TCP session (nothing to read from them)
    if ((orig.flags ?? 0) !== 0 || (resp.flags ?? 0) !== 0) {
      connState = tcpConnState(orig.flags ?? 0, resp.flags ?? 0, orig.pkts, resp.pkts);
      history = tcpHistory(orig.flags ?? 0, resp.flags ?? 0) || undefined;
    } else connState = fromFlowState(facts.state, facts.anyRst ?? false, orig.pkts, resp.pkts);
  } else {
    connState = otherState(orig.pkts, resp.pkts);
    if (h.proto === 'udp') history = (orig.pkts > 0 ? 'D' : '') + (resp.pkts > 0 ? 'd' : '') || undefined;
  }
  const [srcMac, dstMac] = macs(ev);
  const ts = startUs !== undefined ? startUs / 1e6 : h.ts;
  const duration = startUs !== undefined && endUs !== undefined && endUs > startUs ? (endUs - startUs) / 1e6 : undefined;
  // optional fields are added only when known (no deletes: records keep one object shape)
  const conn: Connection = { ts, uid, id: connId(h, false), proto: h.proto, conn_state: connState, missed_bytes: 0, orig_pkts: orig.pkts, orig_ip_bytes: ipBytes(orig, perPacket), resp_pkts: resp.pkts, resp_ip_bytes: ipBytes(resp, perPacket) };
  const svc = service(ev, h.proto);
  if (svc !== undefined) conn.service = svc;
  if (duration !== undefined) conn.duration = duration;
  if (history !== undefined) conn.history = history;
  if (h.ipProto !== undefined) conn.ip_proto = h.ipProto;
  if (srcMac !== undefined) conn.orig_l2_addr = srcMac;
  if (dstMac !== undefined) conn.resp_l2_addr = dstMac;
  if (tags[0] !== undefined) conn.vlan = tags[0];
  if (tags[1] !== undefined) conn.inner_vlan = tags[1];
  const cid = text(ev.community_id);
  if (cid !== undefined) conn.community_id = cid;
  return conn;
}

function time(v: unknown): number | undefined {
  return typeof v === 'string' ? eveMicros(v) : undefined;
}

/** `flow` event → conn. */
export function mapFlow(ev: Json, h: EveHead, ctx: EveContext, opts: ConnMapOptions): Outcome {
  if (h.uid === undefined) return failed('flow event without flow_id');
  const f = obj(ev.flow);
  if (!f) return failed('flow event without a "flow" object');
  const tcp = obj(ev.tcp);
  ctx.originators.learn(h.uid, h.src, h.srcPort, true);
  const orig: Side = { pkts: count(f.pkts_toserver) ?? 0, bytes: count(f.bytes_toserver) ?? 0, flags: flags(tcp?.tcp_flags_ts) };
  const resp: Side = { pkts: count(f.pkts_toclient) ?? 0, bytes: count(f.bytes_toclient) ?? 0, flags: flags(tcp?.tcp_flags_tc) };
  const anyRst = ((flags(tcp?.tcp_flags) ?? 0) & RST) !== 0 || tcp?.rst === true;
  ctx.emit('conn', buildConn(h, ev, { startUs: time(f.start), endUs: time(f.end), orig, resp, state: str(f.state), anyRst }, opts), ctx.at);
  return MAPPED;
}

interface NetflowHalf {
  ev: Json;
  h: EveHead;
  at: LineRef;
}

/** Pairs the two directions of `netflow` events into one conn. */
export class NetflowPairer implements StatefulMapper {
  private readonly pending = new Map<string, NetflowHalf>();
  constructor(private readonly opts: ConnMapOptions, private readonly max = MAX_PENDING_NETFLOW) {}

  map(ev: Json, h: EveHead, ctx: EveContext): Outcome {
    if (h.uid === undefined) return failed('netflow event without flow_id');
    if (!obj(ev.netflow)) return failed('netflow event without a "netflow" object');
    const half: NetflowHalf = { ev, h, at: ctx.at };
    const other = this.pending.get(h.uid);
    if (other && other.h.src === h.dst && other.h.srcPort === h.dstPort) {
      this.pending.delete(h.uid);
      this.emit(ctx, other, half);
      return MAPPED;
    }
    if (other) {
      // same flow_id, same direction: a new flow reusing the id; log the old half alone
      this.pending.delete(h.uid);
      this.emit(ctx, other, undefined);
    }
    this.pending.set(h.uid, half);
    trimOldest(this.pending, this.max, (old) => this.emit(ctx, old, undefined));
    return MAPPED;
  }

  flush(ctx: EveContext): void {
    for (const half of this.pending.values()) this.emit(ctx, half, undefined);
    this.pending.clear();
  }

  /** `a` came first; it is the originator's half unless an earlier event of the flow says `b` is. */
  private emit(ctx: EveContext, a: NetflowHalf, b: NetflowHalf | undefined): void {
    let orig = a;
    let resp = b;
    if (b && ctx.originators.srcIsOrig(b.h) === true) [orig, resp] = [b, a];
    ctx.originators.learn(orig.h.uid, orig.h.src, orig.h.srcPort);
    const o = half(orig);
    const r = half(resp);
    ctx.emit('conn', buildConn(orig.h, orig.ev, { startUs: min(o.start, r.start), endUs: max(o.end, r.end), orig: o, resp: r }, this.opts), orig.at);
  }
}

function half(x: NetflowHalf | undefined): Side & { start: number | undefined; end: number | undefined } {
  const nf = obj(x?.ev.netflow);
  return {
    pkts: count(nf?.pkts) ?? 0,
    bytes: count(nf?.bytes) ?? 0,
    flags: x ? flags(obj(x.ev.tcp)?.tcp_flags) : undefined,
    start: time(nf?.start),
    end: time(nf?.end),
  };
}

function min(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function max(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
