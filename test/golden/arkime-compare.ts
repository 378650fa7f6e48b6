// Golden comparison against Arkime: for every capture in the Arkime test corpus that comes with
// Arkime's own output (X.pcap + X.test), runs the sensor and compares its connections with Arkime's
// sessions. Arkime splits and directs sessions by its own rules (its own timeouts, no fragment
// reassembly, tunnels reported by the inner session, non-IP sessions), so sessions are joined by
// Community ID (the unordered 5-tuple) and, where either side has several records for one
// Community ID, both sides are summed over it. Direction is then fixed by a canonical endpoint
// order (lower address, then lower port) so "A→B" means the same thing on both sides.
//
// Fields:
//   community_id       Arkime sessions carrying a Community ID that we also produced (same capture)
//   packets            per Community ID group: packets A→B and B→A both equal
//   udp payload bytes  per UDP group: payload bytes A→B and B→A both equal (Arkime client/server.bytes
//                      vs our orig/resp_bytes); groups where we logged no byte count (single-instant
//                      connections, as Zeek) are skipped
//   tcp payload bytes  informational: Arkime counts the payload of every packet, retransmissions
//                      included, Zeek counts sequence space
//   direction          informational: Arkime's source is our originator (1:1 groups only)
//   sessions 1:1       informational: one Arkime session and one connection of ours per group
//   first packet time  informational: first packet time equal to the millisecond (1:1 groups only)
//   community_id (ours→arkime) informational: our connections whose Community ID Arkime produced
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
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
}

export interface FieldStat {
  field: string;
  compared: number;
  agreed: number;
  percent: number;
  informational: boolean;
  /** compared units that could not be compared, with the reason */
  skipped?: number;
  skippedReason?: string;
}

export interface Disagreement {
  capture: string;
  field: string;
  communityId: string;
  /** Arkime's view of the session: proto src:port -> dst:port [protocols] */
  session: string;
  ours: string;
  theirs: string;
}

export interface CaptureError {
  capture: string;
  error: string;
}

export interface ArkimeReport {
  captures: number;
  /** Arkime sessions, and those without a Community ID (non-IP, DHCP, unknown IP protocols, corrupt) */
  arkimeSessions: number;
  arkimeWithoutCommunityId: number;
  arkimeWithoutCommunityIdByKind: Map<string, number>;
  ourConnections: number;
  fields: FieldStat[];
  disagreements: Disagreement[];
  errors: CaptureError[];
  elapsedMs: number;
}

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

/** Endpoint key that sorts as Community ID orders endpoints: address bytes, then port. */
function endpointKey(ip: string, port: number, usePort: boolean): string {
  const p = parseIp(ip);
  const a = p ? p.words.map((w) => w.toString(16).padStart(8, '0')).join('') : ip;
  return usePort ? `${a}/${port.toString(16).padStart(4, '0')}` : a;
}

const PORTED = new Set([6, 17, 132]);

/**
 * True when (ip1, port1) is the canonical "A" endpoint of the pair. Ports take part only for
 * protocols with real ports: Arkime reports ICMP with ports 0, we with type/code.
 */
function isA(proto: number, ip1: string, port1: number, ip2: string, port2: number): boolean {
  const usePort = PORTED.has(proto);
  return endpointKey(ip1, port1, usePort) <= endpointKey(ip2, port2, usePort);
}

interface Side {
  sessions: number;
  pktsAB: number;
  pktsBA: number;
  payloadAB: number;
  payloadBA: number;
  /** false when some record had no payload count (our single-instant connections) */
  payloadKnown: boolean;
  firstMs: number;
}

function emptySide(): Side {
  return { sessions: 0, pktsAB: 0, pktsBA: 0, payloadAB: 0, payloadBA: 0, payloadKnown: true, firstMs: Infinity };
}

interface Group {
  capture: string;
  communityId: string;
  proto: number;
  arkime: Side;
  ours: Side;
  arkimeSessions: ArkimeSession[];
  ourConns: Connection[];
}

function describe(s: ArkimeSession): string {
  const ep = (ip: string | null, port: number) => (ip && ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  return `${s.ipProtocol} ${ep(s.srcIp, s.srcPort)} -> ${ep(s.dstIp, s.dstPort)} [${s.protocols.join(',')}]`;
}

function ourIpProto(c: Connection): number {
  if (c.ip_proto !== undefined) return c.ip_proto;
  return c.proto === 'tcp' ? 6 : c.proto === 'udp' ? 17 : c.id.orig_h.includes(':') ? 58 : 1;
}

/** Kind of an Arkime session without a Community ID, for the summary. */
function noIdKind(s: ArkimeSession): string {
  if (s.srcIp === null) return `non-IP (${s.protocols.join(',') || 'ethertype ' + s.ethertype})`;
  if (s.protocols.includes('corrupt-ip')) return 'corrupt-ip';
  if (s.protocols.includes('dhcp') || s.protocols.includes('dhcpv6')) return 'dhcp/dhcpv6 (Arkime keys these by MAC/transaction)';
  return `IP protocol ${s.ipProtocol} (${s.protocols.join(',')})`;
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
  const t = {
    cid: new Tally('community_id', false),
    pkts: new Tally('packets (both directions)', false),
    udp: new Tally('udp payload bytes (both directions)', false, 'we log no byte count for single-instant connections'),
    tcp: new Tally('tcp payload bytes (both directions)', true, 'we log no byte count for single-instant connections'),
    dir: new Tally('direction (Arkime source = our orig)', true),
    oneToOne: new Tally('sessions 1:1 per community_id', true),
    first: new Tally('first packet time (ms)', true),
    ourCid: new Tally('community_id (ours→arkime)', true),
  };
  const disagreements: Disagreement[] = [];
  const errors: CaptureError[] = [];
  const noIdKinds = new Map<string, number>();
  let arkimeSessions = 0;
  let arkimeWithoutCid = 0;
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

    const groups = new Map<string, Group>();
    const group = (cid: string, proto: number): Group => {
      let g = groups.get(cid);
      if (!g) {
        g = { capture: name, communityId: cid, proto, arkime: emptySide(), ours: emptySide(), arkimeSessions: [], ourConns: [] };
        groups.set(cid, g);
      }
      return g;
    };
    for (const s of theirs) {
      if (!s.communityId || s.srcIp === null || s.dstIp === null) {
        arkimeWithoutCid++;
        const k = noIdKind(s);
        noIdKinds.set(k, (noIdKinds.get(k) ?? 0) + 1);
        continue;
      }
      const g = group(s.communityId, s.ipProtocol);
      const a = isA(s.ipProtocol, s.srcIp, s.srcPort, s.dstIp, s.dstPort);
      const side = g.arkime;
      side.sessions++;
      side.pktsAB += a ? s.srcPkts : s.dstPkts;
      side.pktsBA += a ? s.dstPkts : s.srcPkts;
      side.payloadAB += a ? s.srcPayload : s.dstPayload;
      side.payloadBA += a ? s.dstPayload : s.srcPayload;
      side.firstMs = Math.min(side.firstMs, s.firstMs);
      g.arkimeSessions.push(s);
    }
    const ourCids = new Set<string>();
    for (const c of ours) {
      if (!c.community_id) continue;
      ourCids.add(c.community_id);
      const g = groups.get(c.community_id);
      t.ourCid.compared++;
      if (g && g.arkime.sessions > 0) t.ourCid.agreed++;
      if (!g) continue; // a connection Arkime has no session for: counted above only
      const proto = ourIpProto(c);
      const a = isA(proto, c.id.orig_h, c.id.orig_p, c.id.resp_h, c.id.resp_p);
      const side = g.ours;
      side.sessions++;
      side.pktsAB += a ? c.orig_pkts : c.resp_pkts;
      side.pktsBA += a ? c.resp_pkts : c.orig_pkts;
      if (c.orig_bytes === undefined || c.resp_bytes === undefined) side.payloadKnown = false;
      side.payloadAB += a ? (c.orig_bytes ?? 0) : (c.resp_bytes ?? 0);
      side.payloadBA += a ? (c.resp_bytes ?? 0) : (c.orig_bytes ?? 0);
      side.firstMs = Math.min(side.firstMs, Math.floor(c.ts * 1000 + 1e-6));
      g.ourConns.push(c);
    }

    for (const g of groups.values()) {
      const ark = g.arkime;
      const session = describe(g.arkimeSessions[0]!);
      const note = (field: string, o: string, th: string) =>
        disagreements.push({ capture: name, field, communityId: g.communityId, session, ours: o, theirs: th });
      // (a) community_id, per Arkime session
      t.cid.compared += ark.sessions;
      if (!ourCids.has(g.communityId)) {
        note('community_id', 'not produced', `${ark.sessions} session(s), ${ark.pktsAB}+${ark.pktsBA} pkts`);
        continue;
      }
      t.cid.agreed += ark.sessions;
      const o = g.ours;
      const split = `${o.sessions} conn(s) vs ${ark.sessions} session(s)`;
      // (b) packets per direction, summed over the group
      t.pkts.compared++;
      if (o.pktsAB === ark.pktsAB && o.pktsBA === ark.pktsBA) t.pkts.agreed++;
      else note(t.pkts.field, `${o.pktsAB}/${o.pktsBA} (${split})`, `${ark.pktsAB}/${ark.pktsBA}`);
      // (c) payload bytes per direction: UDP compared, TCP informational
      const bytes = g.proto === 17 ? t.udp : g.proto === 6 ? t.tcp : null;
      if (bytes) {
        if (!o.payloadKnown) bytes.skipped++;
        else {
          bytes.compared++;
          if (o.payloadAB === ark.payloadAB && o.payloadBA === ark.payloadBA) bytes.agreed++;
          else note(bytes.field, `${o.payloadAB}/${o.payloadBA} (${split})`, `${ark.payloadAB}/${ark.payloadBA}`);
        }
      }
      // informational: how sessions are split, directed and timed
      t.oneToOne.compared++;
      if (o.sessions === 1 && ark.sessions === 1) {
        t.oneToOne.agreed++;
        const s = g.arkimeSessions[0]!;
        const c = g.ourConns[0]!;
        const same = isA(g.proto, s.srcIp!, s.srcPort, s.dstIp!, s.dstPort) === isA(g.proto, c.id.orig_h, c.id.orig_p, c.id.resp_h, c.id.resp_p);
        // endpoints that are equal under the canonical order (same address, no ports) have no direction
        const ambiguous = s.srcIp === s.dstIp && !PORTED.has(g.proto);
        if (!ambiguous) {
          t.dir.compared++;
          if (same) t.dir.agreed++;
          else note(t.dir.field, `${c.id.orig_h}:${c.id.orig_p} -> ${c.id.resp_h}:${c.id.resp_p}`, `${s.srcIp}:${s.srcPort} -> ${s.dstIp}:${s.dstPort}`);
        }
        t.first.compared++;
        if (o.firstMs === ark.firstMs) t.first.agreed++;
        else note(t.first.field, String(o.firstMs), String(ark.firstMs));
      } else note(t.oneToOne.field, `${o.sessions}`, `${ark.sessions}`);
    }
  }

  return {
    captures,
    arkimeSessions,
    arkimeWithoutCommunityId: arkimeWithoutCid,
    arkimeWithoutCommunityIdByKind: noIdKinds,
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
  lines.push(
    `Arkime comparison: ${r.captures} captures, ${r.arkimeSessions} Arkime sessions ` +
      `(${r.arkimeWithoutCommunityId} without community_id), ${r.ourConnections} connections of ours, ${r.elapsedMs} ms`,
  );
  const w = Math.max(...r.fields.map((f) => f.field.length)) + 2;
  lines.push(`${'field'.padEnd(w)}${'compared'.padStart(9)}${'agreed'.padStart(9)}${'percent'.padStart(9)}  notes`);
  for (const f of r.fields) {
    const notes = [f.informational ? 'informational' : '', f.skipped ? `${f.skipped} skipped: ${f.skippedReason}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`${f.field.padEnd(w)}${String(f.compared).padStart(9)}${String(f.agreed).padStart(9)}${f.percent.toFixed(1).padStart(8)}%  ${notes}`);
  }
  if (r.arkimeWithoutCommunityIdByKind.size) {
    lines.push('Arkime sessions without community_id (not compared):');
    for (const [k, n] of [...r.arkimeWithoutCommunityIdByKind].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(4)}  ${k}`);
  }
  for (const e of r.errors) lines.push(`ERROR ${e.capture}: ${e.error}`);
  if (withDisagreements && r.disagreements.length) {
    lines.push(`Disagreements (${r.disagreements.length}; packets and bytes as A→B/B→A, A = lower endpoint):`);
    for (const d of r.disagreements) {
      lines.push(`  [${d.field}] ${d.capture} ${d.communityId} ${d.session}: ours ${d.ours} vs arkime ${d.theirs}`);
    }
  }
  return lines.join('\n');
}
