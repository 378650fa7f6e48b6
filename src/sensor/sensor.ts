// The packet sensor: capture packets in, typed observations out. Decodes link and IP layers,
// unwraps tunnels, tracks connections with Zeek's semantics, and reports malformed input as
// anomalies (never throws on bytes).
import type { Anomaly } from '../schema/anomaly.js';
import type { ConnId } from '../schema/conn.js';
import type { ObservationSink } from '../schema/observation.js';
import { ETH_IP_GUESS, NOT_IP, decodeLink, ethernet, type WeirdFn } from './decode/link.js';
import { IpDecoder } from './decode/ip.js';
import { addrString } from '../net/ip-address.js';
import { IPPROTO, Packet } from './decode/packet.js';
import { gre, INNER_ETHERNET, teredo, UDP_TUNNELS, type Inner } from './decode/tunnels.js';
import type { Conn } from './flow/conn.js';
import { ConnTable, DEFAULT_FLOW_CONFIG, type FlowConfig } from './flow/conn-table.js';
import { DEFAULT_LOCAL_NETS, LocalNets } from './flow/local-nets.js';
import { connToRecord } from './flow/to-record.js';
import { UidGenerator } from './flow/uid.js';
import { WeirdCounter } from './weird-counter.js';
import { AppLayer, type AnalyzerSet } from './app/dispatcher.js';
import type { SitePolicy } from './app/analyzer.js';
import { BUILTIN_ANALYZERS } from './analyzers.js';

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMP' };

/** Tunnels nested deeper than this are not unwrapped (Zeek's Tunnel::max_depth). */
export const MAX_TUNNEL_DEPTH = 2;

export interface SensorOptions {
  flow: FlowConfig;
  /** CIDRs counted as local (local_orig/local_resp); null to leave those fields out */
  localNets: string[] | null;
  /** Community ID seed, or null to leave community_id out */
  communityIdSeed: number | null;
  /** name of this sensor in anomaly records */
  name?: string;
  /** protocol analyzers to run (default: all built-in ones); empty sets for connection tracking alone */
  analyzers?: AnalyzerSet;
  /**
   * 'validate' (Zeek: bad checksums drop the packet), 'ignore' (Zeek's -C), or 'auto': validate,
   * unless the start of a capture file shows checksum offloading, then ignore for that file.
   */
  checksums?: 'validate' | 'ignore' | 'auto';
  /** site policy switches for the analyzers (Zeek's defaults when absent) */
  policy?: SitePolicy;
}

export const DEFAULT_SENSOR_OPTIONS: SensorOptions = {
  flow: DEFAULT_FLOW_CONFIG,
  localNets: DEFAULT_LOCAL_NETS,
  communityIdSeed: 0,
};

export interface SensorStats {
  packets: number;
  /** captured bytes of all packets */
  bytes: number;
  /** packets that carried no IP (ARP, LLDP, …) */
  nonIp: number;
  connections: number;
  evicted: number;
  weirds: number;
  weirdCounts: Map<string, number>;
  /** packets dropped for a bad IP, TCP or UDP checksum */
  badChecksumPackets: number;
  firstTs: number;
  lastTs: number;
}

export class Sensor {
  private readonly p = new Packet();
  private readonly ip = new IpDecoder();
  private readonly table: ConnTable;
  private readonly weirds = new WeirdCounter();
  private readonly localNets: LocalNets | null;
  private readonly tunnelUids = new UidGenerator(0x7e11, 'C');
  private readonly ipTunnels = new Map<string, string>();
  private packets = 0;
  private bytes = 0;
  private nonIp = 0;
  private firstTs = 0;
  private lastTs = 0;
  private connections = 0;
  private readonly packetWeird: WeirdFn;
  private readonly app: AppLayer;

  constructor(
    private readonly opts: SensorOptions,
    private readonly sink: ObservationSink,
  ) {
    this.localNets = opts.localNets ? new LocalNets(opts.localNets) : null;
    this.ip.ignoreChecksums = opts.flow.ignoreChecksums;
    this.app = new AppLayer(opts.analyzers ?? BUILTIN_ANALYZERS, {
      emit: (obs) => this.sink(obs),
      weird: (c, name, addl) => this.emitWeird(c, name, addl, PROTO_NAMES[c.ipProto] ?? 'IP'),
      connId: (c) => connIdOf(c),
    }, opts.policy);
    const app = this.app;
    this.table = new ConnTable(opts.flow, {
      finished: (c) => {
        app.finished(c);
        this.emitConn(c);
      },
      tcpPayload: (c, isOrig, seq, buf, off, len) => app.tcpPayload(c, isOrig, seq, buf, off, len),
      tcpAcked: (c, dataIsOrig, relAck) => app.tcpAcked(c, dataIsOrig, relAck),
      udpPayload: (c, isOrig, buf, off, len) => app.udpPayload(c, isOrig, buf, off, len),
      weird: (c, name, addl) => this.emitWeird(c, name, addl, c ? PROTO_NAMES[c.ipProto] ?? 'IP' : 'flow'),
    }, this.localNets);
    this.packetWeird = (name, addl) => this.emitWeird(null, name, addl, 'packet');
  }

  /** One captured frame (the PacketSink signature, so readers call it directly). */
  readonly packet = (linktype: number, ts: number, buf: Buffer, off: number, caplen: number, wirelen: number): void => {
    this.packets++;
    this.bytes += caplen;
    if (ts === 0) ts = this.lastTs; // pcapng simple packets carry no time
    if (this.firstTs === 0) this.firstTs = ts;
    if (ts > this.lastTs) this.lastTs = ts;
    const p = this.p;
    p.ts = ts;
    p.buf = buf;
    p.wirelen = wirelen;
    p.l2off = -1;
    p.vlan = -1;
    p.innerVlan = -1;
    p.tunnelDepth = 0;
    p.tunnelParent = null;
    this.table.advance(ts);
    this.app.setTime(ts);
    const end = off + caplen;
    const link = decodeLink(linktype, p, off, end, this.packetWeird);
    if (link.proto === NOT_IP) {
      this.nonIp++;
      return;
    }
    if (link.proto < 0 && link.proto !== ETH_IP_GUESS) return;
    const next = link.next;
    this.network(link.proto, next, end, off + wirelen);
  };

  /** Decodes an IP packet at `off` and everything inside it. */
  private network(ethertype: number, off: number, end: number, wireEnd: number): void {
    const p = this.p;
    if (!this.ip.decode(p, ethertype, off, end, wireEnd, this.packetWeird)) return;
    const proto = p.proto;
    if (proto === IPPROTO.IPIP || proto === IPPROTO.IPV6) {
      return this.encapsulated(this.ipTunnel('IP'), { kind: ETH_IP_GUESS, off: p.l4off }, p.l4off + p.l4cap, p.l4off + p.l4len);
    }
    if (proto === IPPROTO.GRE) {
      const inner = gre(p.buf, p.l4off, p.l4off + p.l4cap);
      if (!inner) {
        this.emitWeird(null, 'unknown_gre_version_or_protocol', undefined, 'GRE');
        return;
      }
      return this.encapsulated(this.ipTunnel('GRE'), inner, p.l4off + p.l4cap, p.l4off + p.l4len);
    }
    const conn = this.table.packet(p);
    if (!conn || proto !== IPPROTO.UDP) return;
    const payload = p.l4off + 8;
    const capEnd = p.l4off + p.l4cap;
    const tunnel = UDP_TUNNELS[conn.rp] ?? UDP_TUNNELS[conn.op];
    let inner: Inner | null;
    if (tunnel) {
      inner = tunnel.parse(p.buf, payload, capEnd);
      if (!inner) return;
      conn.addService(tunnel.service);
    } else {
      // Teredo runs on any port (relays pick their own), so Zeek detects it by content.
      if (capEnd - payload < 40) return;
      inner = teredo(p.buf, payload, capEnd, true);
      if (!inner) return;
      conn.addService('teredo');
    }
    this.encapsulated(conn.uid, inner, capEnd, p.l4off + p.l4len);
  }

  private encapsulated(parent: string, inner: Inner, end: number, wireEnd: number): void {
    const p = this.p;
    if (inner.kind === NOT_IP) return;
    if (p.tunnelDepth >= MAX_TUNNEL_DEPTH) {
      this.emitWeird(null, 'exceeded_tunnel_max_depth', undefined, 'tunnel');
      return;
    }
    p.tunnelDepth++;
    p.tunnelParent = parent;
    p.vlan = -1;
    p.innerVlan = -1;
    let kind = inner.kind;
    let off = inner.off;
    if (kind === INNER_ETHERNET) {
      const link = ethernet(p, off, end, this.packetWeird);
      if (link.proto < 0 && link.proto !== ETH_IP_GUESS) return;
      kind = link.proto;
      off = link.next;
    }
    this.network(kind, off, end, wireEnd);
  }

  /** IP-based tunnels (IP-in-IP, GRE) get a tunnel uid per address pair, as Zeek's tunnel.log. */
  private ipTunnel(kind: string): string {
    const p = this.p;
    const a = addrString(p.ipv6, p.s0, p.s1, p.s2, p.s3);
    const b = addrString(p.ipv6, p.d0, p.d1, p.d2, p.d3);
    const key = a < b ? `${kind} ${a} ${b}` : `${kind} ${b} ${a}`;
    let uid = this.ipTunnels.get(key);
    if (!uid) {
      uid = this.tunnelUids.next();
      this.ipTunnels.set(key, uid);
    }
    return uid;
  }

  /** A problem with the capture file itself. */
  readonly captureProblem = (name: string, detail: string): void => {
    this.emitWeird(null, name, detail, 'capture');
  };

  /**
   * Live capture: event time moves on while no packet comes (packets carry the capture host's
   * clock, so the caller passes that clock), firing the timers that log closed and idle
   * connections. Never moves time back; a packet stamped slightly earlier is handled as any
   * packet slightly out of order.
   */
  tick(ts: number): void {
    if (ts > this.lastTs) this.table.advance(ts);
  }

  /** End of input: every open connection is finished and logged. */
  finish(): SensorStats {
    this.table.flushAll();
    return this.stats();
  }

  stats(): SensorStats {
    return {
      packets: this.packets,
      bytes: this.bytes,
      nonIp: this.nonIp,
      connections: this.connections,
      evicted: this.table.evicted,
      weirds: this.weirds.total,
      weirdCounts: this.weirds.counts,
      badChecksumPackets: this.ip.badChecksums + this.table.badChecksums,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
    };
  }

  private emitConn(c: Conn): void {
    this.connections++;
    this.sink({ type: 'conn', record: connToRecord(c, { localNets: this.localNets, communityIdSeed: this.opts.communityIdSeed }) });
  }

  private emitWeird(c: Conn | null, name: string, addl: string | undefined, source: string): void {
    if (!this.weirds.count(name)) return;
    const rec: Anomaly = { ts: this.p.ts, name, notice: false, source };
    if (addl !== undefined) rec.addl = addl;
    if (this.opts.name) rec.peer = this.opts.name;
    if (c) {
      rec.uid = c.uid;
      rec.id = connIdOf(c);
    }
    this.sink({ type: 'weird', record: rec });
  }
}

function connIdOf(c: Conn): ConnId {
  return {
    orig_h: addrString(c.v6, c.o0, c.o1, c.o2, c.o3),
    orig_p: c.op,
    resp_h: addrString(c.v6, c.r0, c.r1, c.r2, c.r3),
    resp_p: c.rp,
  };
}
