// The flow table: finds or creates the connection of every transport packet, applies the
// per-protocol update, and removes connections as Zeek does (close delay, half-close linger,
// inactivity timeouts), all on event time. Bounded: past `maxConns` the least recently active
// connections are flushed early and counted.
import { IPPROTO, type Packet } from '../decode/packet.js';
import { Conn, HIST } from './conn.js';
import { icmpCounterpart } from './icmp-ports.js';
import type { LocalNets } from './local-nets.js';
import { DEFAULT_SERVER_PORTS, ServerPorts } from './server-ports.js';
import { initTcp, processTcp, tcpChecksumError, TCP_CLOSE_DELAY, TCP_SESSION_TIMER, TH_ACK, TH_SYN, type TcpContext, type TcpSegment } from './tcp.js';
import { halfClosedExpired, tcpAttemptUnanswered, tcpIsReuse } from './tcp-lifecycle.js';
import { TimerHeap } from './timer-heap.js';
import { UidGenerator } from './uid.js';
import { hashKey } from './flow-key.js';
import { checksumOk, transportChecksumOkNoPseudo, udpChecksumError } from './transport-checks.js';

export interface FlowConfig {
  /** inactivity timeouts in seconds (Zeek's defaults: 300 / 60 / 60 / 60) */
  tcpInactivity: number;
  udpInactivity: number;
  icmpInactivity: number;
  otherInactivity: number;
  /** most connections held at once before the least recently active are flushed early */
  maxConns: number;
  /** accept packets with bad TCP/UDP/ICMP checksums (Zeek's -C) */
  ignoreChecksums: boolean;
  uidSeed: number;
  /** ports that mark the likely server when the first packet is not a SYN (Zeek's likely_server_ports) */
  serverPorts: { tcp: number[]; udp: number[] };
  /**
   * Seconds a cleanly closed TCP connection waits for stragglers before it is logged (Zeek's
   * tcp_close_delay, 5 s). A live responder may shorten it: the connection record, and so the
   * breach that rests on it, comes that much sooner.
   */
  tcpCloseDelay?: number;
}

export const DEFAULT_FLOW_CONFIG: FlowConfig = {
  tcpInactivity: 300,
  udpInactivity: 60,
  icmpInactivity: 60,
  otherInactivity: 60,
  maxConns: 1_000_000,
  ignoreChecksums: false,
  uidSeed: 0x5eed,
  serverPorts: DEFAULT_SERVER_PORTS,
};

export interface FlowEvents {
  /** a connection ended (or was flushed); it will not be touched again */
  finished(c: Conn): void;
  /** an anomaly on a connection (once per name per connection) or on no connection */
  weird(c: Conn | null, name: string, addl?: string): void;
  /** payload for protocol analysis (see TcpContext) */
  tcpPayload?(c: Conn, isOrig: boolean, relSeq: number, buf: Buffer, off: number, len: number): void;
  tcpAcked?(c: Conn, dataIsOrig: boolean, relAck: number): void;
  udpPayload?(c: Conn, isOrig: boolean, buf: Buffer, off: number, len: number): void;
}

/**
 * Zeek's DNS analyzer shortens the inactivity timeout of DNS-over-UDP connections (dns_session_timeout)
 * so that one client port reused for queries minutes apart gives separate connections.
 */
export const DNS_SESSION_TIMEOUT = 10;
const DNS_PORTS = new Set([53, 137, 5353, 5355]);

/** A packet this far (seconds) before the latest seen starts a new period of event time. */
export const MAX_BACKWARD_JUMP = 300;

const seg: TcpSegment = { flags: 0, seq: 0, ack: 0, win: 0, len: 0, buf: Buffer.alloc(0), off: 0, captured: false };

export class ConnTable implements TcpContext {
  private readonly buckets = new Map<number, Conn>();
  private readonly timers = new TimerHeap();
  private readonly uids: UidGenerator;
  private readonly serverPorts: ServerPorts;
  private count = 0;
  private now = 0;
  /** connections flushed early because the table was full */
  evicted = 0;
  created = 0;
  /** packets dropped for a bad TCP or UDP checksum (weirds count once per connection; this per packet) */
  badChecksums = 0;

  constructor(
    private readonly cfg: FlowConfig,
    private readonly events: FlowEvents,
    readonly localNets: LocalNets | null,
  ) {
    this.uids = new UidGenerator(cfg.uidSeed);
    this.serverPorts = new ServerPorts(cfg.serverPorts);
    if (events.tcpPayload) this.payload = events.tcpPayload;
    if (events.tcpAcked) this.acked = events.tcpAcked;
    this.closeDelay = cfg.tcpCloseDelay ?? TCP_CLOSE_DELAY;
  }

  payload?: TcpContext['payload'];
  acked?: TcpContext['acked'];
  readonly closeDelay: number;

  get size(): number {
    return this.count;
  }

  newUid(): string {
    return this.uids.next();
  }

  weird(c: Conn, name: string): void {
    if (!c.weirds) c.weirds = new Set();
    if (c.weirds.has(name)) return;
    c.weirds.add(name);
    this.events.weird(c, name);
  }

  flip(c: Conn): void {
    let t = c.o0; c.o0 = c.r0; c.r0 = t;
    t = c.o1; c.o1 = c.r1; c.r1 = t;
    t = c.o2; c.o2 = c.r2; c.r2 = t;
    t = c.o3; c.o3 = c.r3; c.r3 = t;
    t = c.op; c.op = c.rp; c.rp = t;
    t = c.origPkts; c.origPkts = c.respPkts; c.respPkts = t;
    t = c.origIpBytes; c.origIpBytes = c.respIpBytes; c.respIpBytes = t;
    t = c.origSize; c.origSize = c.respSize; c.respSize = t;
    const l2 = c.origL2; c.origL2 = c.respL2; c.respL2 = l2;
    if (c.tcpOrig) {
      const e = c.tcpOrig;
      c.tcpOrig = c.tcpResp;
      c.tcpResp = e;
      (c.tcpOrig as { isOrig: boolean }).isOrig = true;
      (c.tcpResp as { isOrig: boolean }).isOrig = false;
    }
    c.history += '^';
  }

  /** Fires every timer due at or before `t` (the current packet's event time). */
  advance(t: number): void {
    if (t < this.now - MAX_BACKWARD_JUMP) {
      // Time jumped far back (merged or concatenated captures): the open connections belong to
      // another period, so they are finished now rather than expiring every new one at once.
      this.events.weird(null, 'time_went_backwards', `${(this.now - t).toFixed(0)} s`);
      this.flushAll();
      this.now = t;
      return;
    }
    // As Zeek's network time, the clock is the current packet's time: a packet slightly out of
    // order moves it back, so that timers do not fire early for the connections it touches.
    this.now = t;
    const now = this.now;
    while (this.timers.peekTime() <= now) {
      const c = this.timers.pop()!;
      if (c.done) continue;
      c.scheduledAt = Infinity;
      if ((c.deleteAt && c.deleteAt <= now) || c.lastTime + this.inactivity(c) <= now) {
        this.remove(c);
      } else if (c.attemptAt && c.attemptAt <= now) {
        c.attemptAt = 0;
        if (tcpAttemptUnanswered(c)) this.remove(c);
        else this.schedule(c);
      } else if (c.expireCheckAt && c.expireCheckAt <= now) {
        // Zeek's ExpireTimer for a half-closed connection: remove it once quiet, else look again later.
        if (halfClosedExpired(c, c.expireCheckAt)) this.remove(c);
        else {
          c.expireCheckAt += TCP_SESSION_TIMER;
          this.schedule(c);
        }
      } else this.schedule(c);
    }
  }

  private schedule(c: Conn): void {
    const due = this.dueTime(c);
    if (due < c.scheduledAt) {
      c.scheduledAt = due;
      this.timers.push(due, c);
    }
  }

  private inactivity(c: Conn): number {
    const p = c.ipProto;
    if (p === IPPROTO.UDP && (DNS_PORTS.has(c.rp) || DNS_PORTS.has(c.op))) return Math.min(this.cfg.udpInactivity, DNS_SESSION_TIMEOUT);
    return p === IPPROTO.TCP ? this.cfg.tcpInactivity : p === IPPROTO.UDP ? this.cfg.udpInactivity : p === IPPROTO.ICMP || p === IPPROTO.ICMPV6 ? this.cfg.icmpInactivity : this.cfg.otherInactivity;
  }

  private dueTime(c: Conn): number {
    let due = c.lastTime + this.inactivity(c);
    if (c.deleteAt && c.deleteAt < due) due = c.deleteAt;
    if (c.expireCheckAt && c.expireCheckAt < due) due = c.expireCheckAt;
    if (c.attemptAt && c.attemptAt < due) due = c.attemptAt;
    return due;
  }

  private remove(c: Conn): void {
    if (c.done) return;
    c.done = true;
    // unlink from its bucket
    let head: Conn | null = this.buckets.get(c.hash) ?? null;
    if (head === c) {
      if (c.hashNext) this.buckets.set(c.hash, c.hashNext);
      else this.buckets.delete(c.hash);
    } else {
      while (head && head.hashNext !== c) head = head.hashNext;
      if (head) head.hashNext = c.hashNext;
    }
    c.hashNext = null;
    this.count--;
    this.events.finished(c);
  }

  /** Ends every connection (end of input). */
  flushAll(): void {
    const all: Conn[] = [];
    for (const head of this.buckets.values()) for (let c: Conn | null = head; c; c = c.hashNext) all.push(c);
    all.sort((a, b) => a.startTime - b.startTime);
    for (const c of all) this.remove(c);
    this.timers.clear();
  }

  /**
   * Processes the transport layer of `p`. Returns the connection it belongs to (for tunnel
   * decapsulation), or null when the packet was dropped (truncated, bad checksum, …).
   */
  packet(p: Packet): Conn | null {
    const proto = p.proto;
    const buf = p.buf;
    const o = p.l4off;
    let sp = 0;
    let dp = 0;
    let oneWay = false;
    if (proto === IPPROTO.TCP || proto === IPPROTO.UDP) {
      if (p.l4cap < (proto === IPPROTO.TCP ? 20 : 8)) {
        this.events.weird(null, 'truncated_header', proto === IPPROTO.TCP ? 'TCP' : 'UDP');
        return null;
      }
      sp = (buf[o]! << 8) | buf[o + 1]!;
      dp = (buf[o + 2]! << 8) | buf[o + 3]!;
    } else if (proto === IPPROTO.ICMP || proto === IPPROTO.ICMPV6) {
      if (p.l4cap < 8) {
        this.events.weird(null, 'truncated_header', 'ICMP');
        return null;
      }
      sp = buf[o]!;
      const cp = icmpCounterpart(proto === IPPROTO.ICMPV6, sp);
      oneWay = cp < 0;
      dp = oneWay ? buf[o + 1]! : cp;
    }

    const h = hashKey(p, sp, dp);
    let c = this.buckets.get(h) ?? null;
    let isOrig = true;
    for (; c; c = c.hashNext) {
      if (c.ipProto !== proto || c.v6 !== p.ipv6) continue;
      if (c.op === sp && c.rp === dp && c.o3 === p.s3 && c.r3 === p.d3 && c.o2 === p.s2 && c.r2 === p.d2 && c.o1 === p.s1 && c.r1 === p.d1 && c.o0 === p.s0 && c.r0 === p.d0) {
        isOrig = true;
        break;
      }
      if (c.op === dp && c.rp === sp && c.o3 === p.d3 && c.r3 === p.s3 && c.o2 === p.d2 && c.r2 === p.s2 && c.o1 === p.d1 && c.r1 === p.s1 && c.o0 === p.d0 && c.r0 === p.s0) {
        isOrig = false;
        break;
      }
    }

    if (c && proto === IPPROTO.TCP && tcpIsReuse(this, c, buf[o + 13]!, buf.readUInt32BE(o + 4))) {
      this.remove(c);
      c = null;
    }
    if (!c) {
      c = this.create(p, h, sp, dp, oneWay);
      isOrig = true;
      if (this.wantFlip(p, sp, dp)) {
        this.flip(c);
        isOrig = false;
      }
    }
    if (p.tunnelParent && (!c.tunnelParents || !c.tunnelParents.includes(p.tunnelParent))) {
      (c.tunnelParents ??= []).push(p.tunnelParent);
    }
    if (isOrig ? !c.origL2 : !c.respL2) this.noteL2(c, p, isOrig);

    const t = p.ts;
    switch (proto) {
      case IPPROTO.TCP:
        if (!this.tcp(c, p, isOrig, t)) return null;
        break;
      case IPPROTO.UDP:
        if (!this.udp(c, p, isOrig, t)) return null;
        break;
      case IPPROTO.ICMP:
      case IPPROTO.ICMPV6:
        if (!this.cfg.ignoreChecksums && p.l4cap >= p.l4len && !this.icmpChecksumOk(p)) {
          this.weird(c, 'bad_ICMP_checksum');
          return null;
        }
        c.lastTime = t;
        if (isOrig) c.origSize = (c.origSize < 0 ? 0 : c.origSize) + p.l4len - 8;
        else c.respSize = (c.respSize < 0 ? 0 : c.respSize) + p.l4len - 8;
        break;
      default:
        c.lastTime = t;
    }
    if (isOrig) {
      c.origPkts++;
      c.origIpBytes += p.ipLen;
    } else {
      c.respPkts++;
      c.respIpBytes += p.ipLen;
    }
    if (c.deleteAt || c.expireCheckAt || c.attemptAt) this.schedule(c);
    return c;
  }

  private tcp(c: Conn, p: Packet, isOrig: boolean, t: number): boolean {
    const buf = p.buf;
    const o = p.l4off;
    const hdrLen = (buf[o + 12]! >> 4) * 4;
    if (hdrLen < 20) {
      this.weird(c, 'bad_TCP_header_len');
      return false;
    }
    if (hdrLen > p.l4len || hdrLen > p.l4cap) {
      this.weird(c, 'truncated_header');
      return false;
    }
    if (!this.cfg.ignoreChecksums && p.l4cap >= p.l4len && !checksumOk(p, IPPROTO.TCP)) {
      this.badChecksums++;
      this.weird(c, 'bad_TCP_checksum');
      tcpChecksumError(c, isOrig);
      return false;
    }
    seg.flags = buf[o + 13]!;
    seg.seq = buf.readUInt32BE(o + 4);
    seg.ack = buf.readUInt32BE(o + 8);
    seg.win = (buf[o + 14]! << 8) | buf[o + 15]!;
    seg.len = p.l4len - hdrLen;
    seg.buf = buf;
    seg.off = o + hdrLen;
    seg.captured = p.l4cap >= p.l4len;
    processTcp(this, c, isOrig, seg, t);
    return true;
  }

  private udp(c: Conn, p: Packet, isOrig: boolean, t: number): boolean {
    const buf = p.buf;
    const o = p.l4off;
    const ulen = (buf[o + 4]! << 8) | buf[o + 5]!;
    if (ulen !== p.l4len) this.weird(c, 'UDP_datagram_length_mismatch');
    if (!this.cfg.ignoreChecksums && p.l4cap >= p.l4len) {
      const sum = (buf[o + 6]! << 8) | buf[o + 7]!;
      const good = (!p.ipv6 && sum === 0) || checksumOk(p, IPPROTO.UDP);
      if (!good) {
        this.badChecksums++;
        this.weird(c, 'bad_UDP_checksum');
        udpChecksumError(c, isOrig);
        return false;
      }
    }
    c.lastTime = t;
    const payload = ulen - 8;
    if (isOrig) {
      c.checkHistory(HIST.ORIG_DATA_UDP, 'D');
      c.origSize = (c.origSize < 0 ? 0 : c.origSize) + payload;
    } else {
      c.checkHistory(HIST.RESP_DATA_UDP, 'd');
      c.respSize = (c.respSize < 0 ? 0 : c.respSize) + payload;
    }
    if (this.events.udpPayload && payload > 0) this.events.udpPayload(c, isOrig, buf, o + 8, Math.min(payload, p.l4cap - 8));
    return true;
  }

  private icmpChecksumOk(p: Packet): boolean {
    if (p.ipv6) return checksumOk(p, IPPROTO.ICMPV6);
    return transportChecksumOkNoPseudo(p.buf, p.l4off, p.l4len);
  }

  private wantFlip(p: Packet, sp: number, dp: number): boolean {
    if (p.proto === IPPROTO.TCP) {
      const flags = p.buf[p.l4off + 13]!;
      // A SYN-ACK from a likely server port comes from the responder, whatever the other port
      // (Zeek since #2191); otherwise, without a SYN, the likely server port decides.
      if (flags & TH_SYN && flags & TH_ACK) return this.serverPorts.isLikely(6, sp);
      if (!(flags & TH_SYN)) {
        if (this.serverPorts.isLikely(6, sp)) {
          if (this.serverPorts.isLikely(6, dp)) return sp < dp;
          return true;
        }
      }
      return false;
    }
    if (p.proto === IPPROTO.UDP) return this.serverPorts.isLikely(17, sp) && !this.serverPorts.isLikely(17, dp);
    return false;
  }

  private create(p: Packet, h: number, sp: number, dp: number, oneWay: boolean): Conn {
    if (this.count >= this.cfg.maxConns) this.evictOldest();
    const c = new Conn();
    c.hash = h;
    c.uid = this.uids.next();
    c.startTime = p.ts;
    c.lastTime = p.ts;
    c.v6 = p.ipv6;
    c.ipProto = p.proto;
    c.o0 = p.s0; c.o1 = p.s1; c.o2 = p.s2; c.o3 = p.s3;
    c.r0 = p.d0; c.r1 = p.d1; c.r2 = p.d2; c.r3 = p.d3;
    c.op = sp;
    c.rp = dp;
    c.oneWay = oneWay;
    c.vlan = p.vlan;
    c.innerVlan = p.innerVlan;
    if (p.proto === IPPROTO.TCP) initTcp(c);
    const head = this.buckets.get(h);
    if (head) c.hashNext = head;
    this.buckets.set(h, c);
    this.count++;
    this.created++;
    this.schedule(c);
    return c;
  }

  private noteL2(c: Conn, p: Packet, isOrig: boolean): void {
    if (p.l2off < 0) return;
    const b = p.buf;
    const o = p.l2off;
    const mac = (x: number) => Array.from(b.subarray(x, x + 6), (v) => v.toString(16).padStart(2, '0')).join(':');
    if (isOrig) {
      c.origL2 = mac(o + 6);
      if (!c.respL2) c.respL2 = mac(o);
    } else {
      c.respL2 = mac(o + 6);
      if (!c.origL2) c.origL2 = mac(o);
    }
  }

  /** Flushes the least recently active tenth of the table (memory pressure). */
  private evictOldest(): void {
    const times: number[] = [];
    for (const head of this.buckets.values()) for (let c: Conn | null = head; c; c = c.hashNext) times.push(c.lastTime);
    times.sort((a, b) => a - b);
    const cut = times[Math.max(0, Math.floor(times.length / 10) - 1)]!;
    const victims: Conn[] = [];
    for (const head of this.buckets.values()) for (let c: Conn | null = head; c; c = c.hashNext) if (c.lastTime <= cut) victims.push(c);
    this.events.weird(null, 'flow_table_full', `flushed ${victims.length} least recently active connections early (limit ${this.cfg.maxConns})`);
    for (const c of victims) {
      this.evicted++;
      this.remove(c);
    }
  }
}

