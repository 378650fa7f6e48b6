// Golden comparison against Arkime. For every capture of the Arkime corpus that comes with Arkime's
// own output (X.pcap next to X.test), runs the sensor and compares its connections with Arkime's
// sessions.
//
// Arkime splits and directs sessions by its own rules (its own timeouts and TCP reuse, ICMP sessions
// per address pair rather than per message type, UDP tunnels decapsulated by destination port only,
// IGMP/PIM/DHCP sessions keyed its own way), so nothing is matched by directed tuple or by time:
//  - records are joined on the unordered flow: the Community ID's 5-tuple for TCP and UDP, the
//    address pair for every other protocol (Arkime keeps one ICMP session per address pair whose
//    Community ID comes from its first message; ESP/AH/SCTP Community IDs differ, see below);
//  - every record of either side with the same flow is summed, so 1:n and n:1 splits compare;
//  - direction is fixed by a canonical endpoint order (lower address, then lower port), so "A→B"
//    means the same packets on both sides whichever end each tool calls the originator.
// The Community ID itself is checked separately, session by session, for exact equality; when it
// differs, known variants are recomputed from the tuple to show which rule each side applied.
//
// Fields (see FIELD_NOTES): community_id, session found, packets and UDP payload are the asserted
// ones; the rest are informational and there to explain differences.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import type { Connection } from '../../src/schema/conn.js';
import { parseIp } from '../../src/net/ip-address.js';
import { runSensorOnCapture } from '../../src/sensor/run-capture.js';
import { DEFAULT_SENSOR_OPTIONS, type SensorOptions } from '../../src/sensor/sensor.js';

/** One Arkime session, reduced to the fields compared here. */
export interface ArkimeSession {
  capture: string;
  communityId: string | null;
  ipProtocol: number;
  ethertype: number | null;
  srcIp: string | null;
  srcPort: number;
  dstIp: string | null;
  dstPort: number;
  srcPkts: number;
  dstPkts: number;
  /** payload bytes (client.bytes / server.bytes) */
  srcPayload: number;
  dstPayload: number;
  /** frame bytes including the link header (source.bytes / destination.bytes) */
  srcBytes: number;
  dstBytes: number;
  firstMs: number;
  lastMs: number;
  protocols: string[];
  /** ICMP types and codes seen (Arkime's icmp.type / icmp.code) */
  icmpTypes: number[];
  icmpCodes: number[];
}

export interface FieldStat {
  field: string;
  compared: number;
  agreed: number;
  percent: number;
  informational: boolean;
  /** units that could not be compared, with the reason */
  skipped?: number;
  skippedReason?: string;
}

export interface Disagreement {
  capture: string;
  field: string;
  communityId: string;
  /** Arkime's view of the (first) session: proto src:port -> dst:port [protocols] */
  session: string;
  ours: string;
  theirs: string;
  /** explanation established by recomputation, when there is one */
  cause?: string;
}

export interface CaptureError {
  capture: string;
  error: string;
}

export interface ArkimeReport {
  captures: number;
  arkimeSessions: number;
  /** Arkime sessions left out of every comparison (non-IP, corrupt IP), by kind */
  notCompared: Map<string, number>;
  ourConnections: number;
  fields: FieldStat[];
  disagreements: Disagreement[];
  errors: CaptureError[];
  elapsedMs: number;
}

export const FIELD_NOTES: Record<string, string> = {
  community_id: 'Arkime sessions carrying a Community ID that we also produced for the same capture',
  'community_id (tcp/udp)': 'the same, TCP and UDP sessions only',
  'community_id (icmp)': 'the same, ICMP and ICMPv6 (Arkime hashes the first message of its per-address-pair session)',
  'community_id (other IP protocols)': 'the same, ESP, AH, SCTP, … (Arkime hashes ports 0:0 where the spec has none; we parse no SCTP ports)',
  'session found': 'Arkime IP sessions for whose flow (5-tuple / address pair) we logged at least one connection',
  'packets (both directions)': 'per flow, all records of each side summed: packets A→B and B→A both equal',
  'udp payload bytes (both directions)': 'per UDP flow: Arkime client/server.bytes vs our orig/resp_bytes, both directions equal',
  'tcp payload bytes (both directions)': 'Arkime counts every packet\'s payload (retransmissions too), Zeek counts sequence space',
  'direction (Arkime source = our orig)': 'flows with one record on each side: Arkime\'s source is our originator',
  'records 1:1 per flow': 'flows where both sides logged exactly one record',
  'first packet time (ms)': 'flows with one record on each side: start time equal to the millisecond',
  'our connections found by Arkime': 'our connections whose flow has an Arkime session',
  'packets, Arkime sessions without community_id': 'flows Arkime keys by its own rules (DHCP per transaction, IGMP/PIM per protocol, …): packets A→B and B→A equal',
};

/** The Arkime corpus, next to the repository. */
export const ARKIME_DIR = resolve(process.cwd(), '../shared/data/arkime');

/** Arkime does not validate checksums, so neither do we here. */
export const ARKIME_SENSOR_OPTIONS: SensorOptions = {
  ...DEFAULT_SENSOR_OPTIONS,
  flow: { ...DEFAULT_SENSOR_OPTIONS.flow, ignoreChecksums: true },
};

/** Captures in `dir` with Arkime output next to them (X.pcap and X.test), sorted by name. */
export function arkimeCaptures(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pcap') && existsSync(join(dir, f.slice(0, -5) + '.test')))
    .sort()
    .map((f) => join(dir, f));
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);

/** Reads Arkime's X.test output for a capture. */
export function loadArkimeSessions(testPath: string, capture: string): ArkimeSession[] {
  const doc = obj(JSON.parse(readFileSync(testPath, 'utf8')));
  const list = Array.isArray(doc.sessions3) ? doc.sessions3 : [];
  return list.map((s): ArkimeSession => {
    const b = obj(obj(s).body);
    const src = obj(b.source);
    const dst = obj(b.destination);
    const net = obj(b.network);
    return {
      capture,
      communityId: str(net.community_id),
      ipProtocol: num(b.ipProtocol),
      ethertype: typeof b.ethertype === 'number' ? b.ethertype : null,
      srcIp: str(src.ip),
      srcPort: num(src.port),
      dstIp: str(dst.ip),
      dstPort: num(dst.port),
      srcPkts: num(src.packets),
      dstPkts: num(dst.packets),
      srcPayload: num(obj(b.client).bytes),
      dstPayload: num(obj(b.server).bytes),
      srcBytes: num(src.bytes),
      dstBytes: num(dst.bytes),
      firstMs: num(b.firstPacket),
      lastMs: num(b.lastPacket),
      protocols: Array.isArray(b.protocol) ? b.protocol.filter((x): x is string => typeof x === 'string') : [],
      icmpTypes: nums(obj(b.icmp).type),
      icmpCodes: nums(obj(b.icmp).code),
    };
  });
}

/** Runs the sensor over one capture and collects its connections. */
export async function ourConnections(pcapPath: string, opts: SensorOptions = ARKIME_SENSOR_OPTIONS): Promise<Connection[]> {
  const conns: Connection[] = [];
  await runSensorOnCapture(pcapPath, opts, (o) => {
    if (o.type === 'conn') conns.push(o.record);
  });
  return conns;
}

// ---- Community ID, recomputed here independently of the sensor, with the variants seen in the wild

interface CidTuple {
  proto: number;
  src: string;
  dst: string;
  /** null: the hash carries no ports */
  sport: number | null;
  dport: number | null;
  /** order the endpoints (the spec does not for one-way ICMP messages) */
  order: boolean;
}

function addrBytes(ip: string): Buffer | null {
  const p = parseIp(ip);
  if (!p) return null;
  const b = Buffer.alloc(p.v6 ? 16 : 4);
  if (p.v6) p.words.forEach((w, i) => b.writeUInt32BE(w >>> 0, 4 * i));
  else b.writeUInt32BE(p.words[3]! >>> 0, 0);
  return b;
}

/** Community ID v1 with seed 0. */
export function communityIdOf(t: CidTuple): string | null {
  let a = addrBytes(t.src);
  let b = addrBytes(t.dst);
  if (!a || !b || a.length !== b.length) return null;
  let sp = t.sport;
  let dp = t.dport;
  if (t.order) {
    const c = Buffer.compare(a, b);
    if (c > 0 || (c === 0 && (sp ?? 0) > (dp ?? 0))) {
      [a, b] = [b, a];
      [sp, dp] = [dp, sp];
    }
  }
  const parts = [Buffer.from([0, 0]), a, b, Buffer.from([t.proto, 0])];
  if (sp !== null && dp !== null) {
    const p = Buffer.alloc(4);
    p.writeUInt16BE(sp, 0);
    p.writeUInt16BE(dp, 2);
    parts.push(p);
  }
  return '1:' + createHash('sha1').update(Buffer.concat(parts)).digest('base64');
}

const PORTED_FOR_CID = new Set([1, 6, 17, 58, 132]);

/**
 * Explains a Community ID of Arkime's that none of our connections of the same flow carry, by
 * recomputing it under the rules each side applies. Returns null when no rule reproduces it.
 */
function explainCid(s: ArkimeSession, ours: Connection[]): string | null {
  const theirs = s.communityId!;
  if (ours.length === 0) return 'we logged no connection for this flow (see "session found")';
  for (const c of ours) {
    const proto = ourIpProto(c);
    const { orig_h: oh, orig_p: op, resp_h: rh, resp_p: rp } = c.id;
    const spec = communityIdOf({ proto, src: oh, dst: rh, sport: PORTED_FOR_CID.has(proto) ? op : null, dport: PORTED_FOR_CID.has(proto) ? rp : null, order: true });
    if (!PORTED_FOR_CID.has(proto) && communityIdOf({ proto, src: oh, dst: rh, sport: 0, dport: 0, order: true }) === theirs) {
      return `Arkime hashes ports 0:0 for IP protocol ${proto}; the spec (and we) hash no ports for it`;
    }
    if ((proto === 1 || proto === 58) && c.community_id !== spec) {
      // one-way ICMP: the spec keeps the packet's order; Arkime orders the endpoints anyway
      if (communityIdOf({ proto, src: oh, dst: rh, sport: op, dport: rp, order: true }) === theirs) {
        return `one-way ICMP (type ${op} code ${rp}) sent from the higher address: the spec keeps the packet's order, Arkime orders the endpoints`;
      }
    }
    if (proto === 132 && op === 0 && rp === 0) {
      const withPorts = communityIdOf({ proto, src: s.srcIp!, dst: s.dstIp!, sport: s.srcPort, dport: s.dstPort, order: true });
      if (withPorts === theirs) return `SCTP: Arkime hashes the SCTP ports ${s.srcPort}/${s.dstPort}; the sensor does not parse SCTP ports and hashes 0/0`;
    }
  }
  if (s.ipProtocol === 1 || s.ipProtocol === 58) {
    return `ICMP session of types [${s.icmpTypes.join(',')}] codes [${s.icmpCodes.join(',')}]: Arkime hashes its first message, none of our per-type connections has that id`;
  }
  return null;
}

// ---- flow keys and direction

const PORTED_FOR_JOIN = new Set([6, 17]);
const UDP_TUNNEL_SERVICES = new Set(['vxlan', 'geneve', 'gtpv1', 'teredo', 'ayiya']);

function endpointKey(ip: string, port: number, usePort: boolean): string {
  const p = parseIp(ip);
  const a = p ? p.words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('') : ip;
  return usePort ? `${a}/${port.toString(16).padStart(4, '0')}` : a;
}

/** True when (ip1, port1) is the canonical "A" endpoint. Ports count for TCP and UDP only. */
function isA(proto: number, ip1: string, port1: number, ip2: string, port2: number): boolean {
  const usePort = PORTED_FOR_JOIN.has(proto);
  return endpointKey(ip1, port1, usePort) <= endpointKey(ip2, port2, usePort);
}

function flowKey(proto: number, ip1: string, port1: number, ip2: string, port2: number): string {
  const usePort = PORTED_FOR_JOIN.has(proto);
  const a = endpointKey(ip1, port1, usePort);
  const b = endpointKey(ip2, port2, usePort);
  return a <= b ? `${proto} ${a} ${b}` : `${proto} ${b} ${a}`;
}

function ourIpProto(c: Connection): number {
  if (c.ip_proto !== undefined) return c.ip_proto;
  return c.proto === 'tcp' ? 6 : c.proto === 'udp' ? 17 : c.id.orig_h.includes(':') ? 58 : 1;
}

// ---- summing

interface Side {
  records: number;
  pktsAB: number;
  pktsBA: number;
  payloadAB: number;
  payloadBA: number;
  /** false when some record had no payload count (our single-instant connections) */
  payloadKnown: boolean;
  firstMs: number;
}

const emptySide = (): Side => ({ records: 0, pktsAB: 0, pktsBA: 0, payloadAB: 0, payloadBA: 0, payloadKnown: true, firstMs: Infinity });

interface Flow {
  proto: number;
  arkime: Side;
  ours: Side;
  sessions: ArkimeSession[];
  conns: Connection[];
}

const ep = (ip: string | null, port: number) => (ip && ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

function describeSession(s: ArkimeSession): string {
  return `${s.ipProtocol} ${ep(s.srcIp, s.srcPort)} -> ${ep(s.dstIp, s.dstPort)} [${s.protocols.join(',')}]`;
}

const describeConn = (c: Connection) => `${ep(c.id.orig_h, c.id.orig_p)} -> ${ep(c.id.resp_h, c.id.resp_p)}`;

/** Why an Arkime session is left out of every comparison, or null when it is compared. */
function notComparedKind(s: ArkimeSession): string | null {
  if (s.srcIp === null || s.dstIp === null) return `non-IP (${s.protocols.join(',') || 'ethertype ' + s.ethertype})`;
  if (s.protocols.includes('corrupt-ip')) return 'corrupt-ip (Arkime could not decode the IP packet)';
  return null;
}

class Tally {
  compared = 0;
  agreed = 0;
  skipped = 0;
  constructor(
    readonly field: string,
    readonly informational: boolean,
    readonly skippedReason?: string,
  ) {}
  stat(): FieldStat {
    const f: FieldStat = {
      field: this.field,
      compared: this.compared,
      agreed: this.agreed,
      percent: this.compared ? (100 * this.agreed) / this.compared : 100,
      informational: this.informational,
    };
    if (this.skippedReason) {
      f.skipped = this.skipped;
      f.skippedReason = this.skippedReason;
    }
    return f;
  }
}

export interface CompareOptions {
  /** only captures whose base name passes */
  filter?: (name: string) => boolean;
  sensorOptions?: SensorOptions;
}

/** Runs the whole comparison over the Arkime corpus in `dir`. */
export async function compareWithArkime(dir: string, options: CompareOptions = {}): Promise<ArkimeReport> {
  const started = Date.now();
  const noBytes = 'we log no byte count for single-instant connections (as Zeek)';
  const t = {
    cid: new Tally('community_id', false),
    cidTcpUdp: new Tally('community_id (tcp/udp)', false),
    cidIcmp: new Tally('community_id (icmp)', true),
    cidOther: new Tally('community_id (other IP protocols)', true),
    found: new Tally('session found', false),
    pkts: new Tally('packets (both directions)', false),
    udp: new Tally('udp payload bytes (both directions)', false, noBytes),
    tcp: new Tally('tcp payload bytes (both directions)', true, noBytes),
    dir: new Tally('direction (Arkime source = our orig)', true),
    oneToOne: new Tally('records 1:1 per flow', true),
    first: new Tally('first packet time (ms)', true),
    ours: new Tally('our connections found by Arkime', true),
    noCid: new Tally('packets, Arkime sessions without community_id', true),
  };
  const disagreements: Disagreement[] = [];
  const errors: CaptureError[] = [];
  const notCompared = new Map<string, number>();
  let arkimeSessions = 0;
  let ourTotal = 0;
  let captures = 0;

  for (const pcap of arkimeCaptures(dir)) {
    const name = basename(pcap);
    if (options.filter && !options.filter(name)) continue;
    captures++;
    let theirs: ArkimeSession[];
    let ours: Connection[];
    try {
      theirs = loadArkimeSessions(pcap.slice(0, -5) + '.test', name);
      ours = await ourConnections(pcap, options.sensorOptions ?? ARKIME_SENSOR_OPTIONS);
    } catch (err) {
      errors.push({ capture: name, error: (err as Error).message });
      continue;
    }
    arkimeSessions += theirs.length;
    ourTotal += ours.length;

    const flows = new Map<string, Flow>();
    const flowOf = (key: string, proto: number): Flow => {
      let f = flows.get(key);
      if (!f) flows.set(key, (f = { proto, arkime: emptySide(), ours: emptySide(), sessions: [], conns: [] }));
      return f;
    };
    for (const s of theirs) {
      const kind = notComparedKind(s);
      if (kind) {
        notCompared.set(kind, (notCompared.get(kind) ?? 0) + 1);
        continue;
      }
      const f = flowOf(flowKey(s.ipProtocol, s.srcIp!, s.srcPort, s.dstIp!, s.dstPort), s.ipProtocol);
      const a = isA(s.ipProtocol, s.srcIp!, s.srcPort, s.dstIp!, s.dstPort);
      const side = f.arkime;
      side.records++;
      side.pktsAB += a ? s.srcPkts : s.dstPkts;
      side.pktsBA += a ? s.dstPkts : s.srcPkts;
      side.payloadAB += a ? s.srcPayload : s.dstPayload;
      side.payloadBA += a ? s.dstPayload : s.srcPayload;
      side.firstMs = Math.min(side.firstMs, s.firstMs);
      f.sessions.push(s);
    }
    const ourCids = new Set<string>();
    for (const c of ours) {
      if (c.community_id) ourCids.add(c.community_id);
      const proto = ourIpProto(c);
      const f = flowOf(flowKey(proto, c.id.orig_h, c.id.orig_p, c.id.resp_h, c.id.resp_p), proto);
      const a = isA(proto, c.id.orig_h, c.id.orig_p, c.id.resp_h, c.id.resp_p);
      const side = f.ours;
      side.records++;
      side.pktsAB += a ? c.orig_pkts : c.resp_pkts;
      side.pktsBA += a ? c.resp_pkts : c.orig_pkts;
      if (c.orig_bytes === undefined || c.resp_bytes === undefined) side.payloadKnown = false;
      side.payloadAB += a ? (c.orig_bytes ?? 0) : (c.resp_bytes ?? 0);
      side.payloadBA += a ? (c.resp_bytes ?? 0) : (c.orig_bytes ?? 0);
      side.firstMs = Math.min(side.firstMs, Math.floor(c.ts * 1000 + 1e-6));
      f.conns.push(c);
    }

    for (const f of flows.values()) {
      const ark = f.arkime;
      const o = f.ours;
      if (ark.records === 0) {
        t.ours.compared += o.records;
        for (const c of f.conns) {
          const d: Disagreement = {
            capture: name,
            field: t.ours.field,
            communityId: c.community_id ?? '-',
            session: `${ourIpProto(c)} ${describeConn(c)} [${c.service ?? ''}]`,
            ours: `${c.orig_pkts}/${c.resp_pkts} pkts`,
            theirs: 'no session',
          };
          if (c.service && UDP_TUNNEL_SERVICES.has(c.service)) d.cause = 'outer connection of a UDP tunnel: Arkime logs the inner sessions only';
          disagreements.push(d);
        }
        continue;
      }
      t.ours.compared += o.records;
      t.ours.agreed += o.records;
      const first = f.sessions[0]!;
      const note = (field: string, ov: string, tv: string, s = first, cause?: string) => {
        const d: Disagreement = { capture: name, field, communityId: s.communityId ?? '-', session: describeSession(s), ours: ov, theirs: tv };
        if (cause) d.cause = cause;
        disagreements.push(d);
      };
      const split = `${o.records} conn(s) vs ${ark.records} session(s)`;
      // Arkime gives no Community ID to the sessions it keys by its own rules (DHCP by transaction,
      // IGMP and PIM per protocol, ARP inside tunnels, …): compared for information only.
      if (!f.sessions.some((s) => s.communityId)) {
        t.noCid.compared++;
        if (o.pktsAB === ark.pktsAB && o.pktsBA === ark.pktsBA) t.noCid.agreed++;
        else note(t.noCid.field, o.records ? `${o.pktsAB}/${o.pktsBA} (${split})` : 'no connection', `${ark.pktsAB}/${ark.pktsBA}`);
        continue;
      }
      // community_id, session by session
      for (const s of f.sessions) {
        if (!s.communityId) continue;
        const byProto = s.ipProtocol === 6 || s.ipProtocol === 17 ? t.cidTcpUdp : s.ipProtocol === 1 || s.ipProtocol === 58 ? t.cidIcmp : t.cidOther;
        t.cid.compared++;
        byProto.compared++;
        if (ourCids.has(s.communityId)) {
          t.cid.agreed++;
          byProto.agreed++;
        } else {
          const mine = [...new Set(f.conns.map((c) => c.community_id ?? '-'))].join(' ') || 'no connection for this flow';
          note('community_id', mine, s.communityId, s, explainCid(s, f.conns) ?? undefined);
        }
      }
      // was the flow logged at all?
      t.found.compared += ark.records;
      if (o.records === 0) {
        note(t.found.field, 'no connection', `${ark.records} session(s), ${ark.pktsAB}/${ark.pktsBA} pkts`);
        continue;
      }
      t.found.agreed += ark.records;
      // packets per direction, summed over the flow
      t.pkts.compared++;
      if (o.pktsAB === ark.pktsAB && o.pktsBA === ark.pktsBA) t.pkts.agreed++;
      else note(t.pkts.field, `${o.pktsAB}/${o.pktsBA} (${split})`, `${ark.pktsAB}/${ark.pktsBA}`);
      // payload bytes per direction: UDP compared, TCP informational
      const bytes = f.proto === 17 ? t.udp : f.proto === 6 ? t.tcp : null;
      if (bytes) {
        if (!o.payloadKnown) bytes.skipped++;
        else {
          bytes.compared++;
          if (o.payloadAB === ark.payloadAB && o.payloadBA === ark.payloadBA) bytes.agreed++;
          else note(bytes.field, `${o.payloadAB}/${o.payloadBA} (${split})`, `${ark.payloadAB}/${ark.payloadBA}`);
        }
      }
      // informational: how records are split, directed and timed
      t.oneToOne.compared++;
      if (o.records !== 1 || ark.records !== 1) {
        const empty = f.sessions.filter((s) => s.srcPkts === 0 && s.dstPkts === 0).length;
        const cause = empty && ark.records - empty === o.records ? `Arkime also wrote ${empty} session record(s) with no packets` : undefined;
        note(t.oneToOne.field, `${o.records}`, `${ark.records}`, first, cause);
        continue;
      }
      t.oneToOne.agreed++;
      const c = f.conns[0]!;
      const p = f.proto;
      const ambiguous = endpointKey(first.srcIp!, first.srcPort, PORTED_FOR_JOIN.has(p)) === endpointKey(first.dstIp!, first.dstPort, PORTED_FOR_JOIN.has(p));
      if (!ambiguous) {
        t.dir.compared++;
        if (isA(p, first.srcIp!, first.srcPort, first.dstIp!, first.dstPort) === isA(p, c.id.orig_h, c.id.orig_p, c.id.resp_h, c.id.resp_p)) t.dir.agreed++;
        else note(t.dir.field, describeConn(c), `${ep(first.srcIp, first.srcPort)} -> ${ep(first.dstIp, first.dstPort)}`);
      }
      t.first.compared++;
      if (o.firstMs === ark.firstMs) t.first.agreed++;
      else note(t.first.field, String(o.firstMs), String(ark.firstMs));
    }
  }

  return {
    captures,
    arkimeSessions,
    notCompared,
    ourConnections: ourTotal,
    fields: Object.values(t).map((x) => x.stat()),
    disagreements,
    errors,
    elapsedMs: Date.now() - started,
  };
}

export function fieldStat(r: ArkimeReport, field: string): FieldStat {
  const f = r.fields.find((x) => x.field === field);
  if (!f) throw new Error(`no field ${field}`);
  return f;
}

/** The agreement table and, optionally, every disagreement, as text. */
export function formatReport(r: ArkimeReport, withDisagreements = true): string {
  const lines: string[] = [];
  const left = [...r.notCompared.values()].reduce((a, b) => a + b, 0);
  lines.push(
    `Arkime comparison: ${r.captures} captures, ${r.arkimeSessions} Arkime sessions (${left} not compared), ` +
      `${r.ourConnections} connections of ours, ${r.elapsedMs} ms`,
  );
  const w = Math.max(...r.fields.map((f) => f.field.length)) + 2;
  lines.push(`${'field'.padEnd(w)}${'compared'.padStart(9)}${'agreed'.padStart(9)}${'percent'.padStart(9)}  notes`);
  for (const f of r.fields) {
    const notes = [f.informational ? 'informational' : '', f.skipped ? `${f.skipped} skipped: ${f.skippedReason}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`${f.field.padEnd(w)}${String(f.compared).padStart(9)}${String(f.agreed).padStart(9)}${f.percent.toFixed(1).padStart(8)}%  ${notes}`);
  }
  lines.push('Fields:');
  for (const f of r.fields) if (FIELD_NOTES[f.field]) lines.push(`  ${f.field}: ${FIELD_NOTES[f.field]}`);
  if (r.notCompared.size) {
    lines.push('Arkime sessions not compared:');
    for (const [k, n] of [...r.notCompared].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(4)}  ${k}`);
  }
  for (const e of r.errors) lines.push(`ERROR ${e.capture}: ${e.error}`);
  if (withDisagreements && r.disagreements.length) {
    lines.push(`Disagreements (${r.disagreements.length}; packets and bytes as A→B/B→A, A = lower address, then lower port):`);
    const byField = new Map<string, Disagreement[]>();
    for (const d of r.disagreements) byField.set(d.field, [...(byField.get(d.field) ?? []), d]);
    for (const [field, ds] of byField) {
      lines.push(`  ${field} (${ds.length}):`);
      for (const d of ds) {
        lines.push(`    ${d.capture} ${d.communityId} ${d.session}: ours ${d.ours} vs arkime ${d.theirs}${d.cause ? ` — ${d.cause}` : ''}`);
      }
    }
  }
  return lines.join('\n');
}
