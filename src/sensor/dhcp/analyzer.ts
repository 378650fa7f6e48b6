// DHCP (Zeek's DHCP analyzer and base/protocols/dhcp/main.zeek): messages are joined into one
// dhcp.log record per transaction id across every connection that carries them (a lease
// handshake spans broadcast and unicast flows). A record is logged once its transaction has been
// quiet for 4 s or watched for 30 s (checked 10 s after it began, then every 5 s, as Zeek's
// table expiry does), or once no connection that carried it is still open.
import type { Dhcp } from '../../schema/logs/dhcp.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, Detection } from '../app/analyzer.js';
import { looksLikeDhcp, messageTypeName, parseDhcp, type DhcpMessage } from './parse.js';

/** Zeek's DHCP::max_txid_watch_time. */
export const MAX_TXID_WATCH_TIME = 30;
/** Quiet time after which a transaction is complete (Zeek's join_data_expiration). */
export const TXN_QUIET_TIME = 4;
/** First expiry check after a transaction starts (&create_expire) and the interval of later checks. */
const FIRST_CHECK = 10;
const RECHECK = 5;
/** Zeek's DHCP::max_uids_per_log_entry and max_msg_types_per_log_entry. */
export const MAX_UIDS_PER_ENTRY = 10;
export const MAX_MSG_TYPES_PER_ENTRY = 50;
/** Transactions tracked at once (Zeek's DHCP::max_tracked_transactions); the oldest is logged beyond it. */
export const MAX_TRACKED_TRANSACTIONS = 1000;

interface Txn {
  rec: Dhcp & { uids: string[]; msg_types: string[] };
  first: number;
  last: number;
  nextCheck: number;
  /** connections that carried the transaction and are still open */
  live: Set<string>;
}

type Emit = AnalyzerContext['emit'];

/** Transactions by xid, shared by every DHCP connection of the process (DHCP crosses flows). */
export class DhcpJoin {
  private readonly txns = new Map<number, Txn>();
  private exceeded = false;

  constructor(private readonly maxTracked = MAX_TRACKED_TRANSACTIONS) {}

  get size(): number {
    return this.txns.size;
  }

  message(ctx: AnalyzerContext, isOrig: boolean, m: DhcpMessage): void {
    const now = ctx.now();
    this.expire(now, ctx.emit);
    const uid = ctx.conn.uid;
    let t = this.txns.get(m.xid);
    if (!t) {
      if (this.txns.size >= this.maxTracked) {
        if (!this.exceeded) ctx.weird('DHCP_max_tracked_transactions_exceeded', String(this.maxTracked));
        this.exceeded = true;
        const oldest = this.txns.keys().next().value as number;
        this.log(oldest, ctx.emit);
      } else this.exceeded = false;
      t = { rec: { ts: now, uids: [uid], msg_types: [], duration: 0 }, first: now, last: now, nextCheck: now + FIRST_CHECK, live: new Set() };
      this.txns.set(m.xid, t);
    }
    t.live.add(uid);
    const r = t.rec;
    if (r.msg_types.length < MAX_MSG_TYPES_PER_ENTRY) r.msg_types.push(messageTypeName(m.msgType));
    if (r.uids.length < MAX_UIDS_PER_ENTRY && !r.uids.includes(uid)) r.uids.push(uid);
    r.duration = now - t.first;
    t.last = now;
    const sender = isOrig ? ctx.conn.id.orig_h : ctx.conn.id.resp_h;
    const unspecified = sender === '0.0.0.0' || sender === '255.255.255.255';
    if (m.op === 1) {
      // From the client.
      if (!unspecified) r.client_addr = sender;
      if (m.chaddr) r.mac = m.chaddr;
      if (m.hostName !== undefined) r.host_name = m.hostName;
      if (m.clientFqdn !== undefined) r.client_fqdn = m.clientFqdn;
      if (m.requestedAddr !== undefined) r.requested_addr = m.requestedAddr;
      if (m.message !== undefined) r.client_message = m.message;
    } else {
      // From the server: it is named only when it hands out an address.
      if (m.yiaddr !== '0.0.0.0' && !unspecified) r.server_addr = sender;
      if (m.chaddr && r.mac === undefined) r.mac = m.chaddr;
      if (m.yiaddr !== '0.0.0.0') r.assigned_addr = m.yiaddr;
      if (r.client_addr === undefined && r.assigned_addr !== undefined) r.client_addr = r.assigned_addr;
      if (m.domainName !== undefined) r.domain = m.domainName;
      if (m.leaseTime !== undefined) r.lease_time = m.leaseTime;
      if (m.message !== undefined) r.server_message = m.message;
    }
  }

  /** A connection ended: transactions no open connection carries any more are complete. */
  connectionEnded(ctx: AnalyzerContext): void {
    this.expire(ctx.now(), ctx.emit);
    for (const [xid, t] of this.txns) {
      t.live.delete(ctx.conn.uid);
      if (!t.live.size) this.log(xid, ctx.emit);
    }
  }

  private expire(now: number, emit: Emit): void {
    for (const [xid, t] of this.txns) {
      if (now < t.nextCheck) continue;
      if (now - t.last > TXN_QUIET_TIME || now - t.first > MAX_TXID_WATCH_TIME) this.log(xid, emit);
      else t.nextCheck = now + RECHECK;
    }
  }

  private log(xid: number, emit: Emit): void {
    const t = this.txns.get(xid);
    if (!t) return;
    this.txns.delete(xid);
    emit({ type: 'dhcp', record: t.rec });
  }
}

class DhcpAnalyzer implements DatagramAnalyzer {
  private confirmed = false;
  constructor(private readonly ctx: AnalyzerContext, private readonly join: DhcpJoin) {}

  datagram(isOrig: boolean, data: Buffer): void {
    const r = parseDhcp(data);
    if (r.status !== 'ok') {
      if (r.status === 'malformed') this.ctx.weird(r.anomaly, r.detail);
      return;
    }
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    if (r.value.truncatedOptions) this.ctx.weird('DHCP_truncated_option');
    this.join.message(this.ctx, isOrig, r.value);
  }

  end(): void {
    this.join.connectionEnded(this.ctx);
  }
}

/**
 * The spec. DHCP transactions span connections, so the table lives in the sensor's shared state
 * (one per sensor); `join` overrides it (tests).
 */
export function makeDhcpSpec(join?: DhcpJoin): DatagramAnalyzerSpec {
  const fallback = join ?? new DhcpJoin();
  return {
    name: 'dhcp',
    detect: (data: Buffer): Detection => (looksLikeDhcp(data) ? 'yes' : 'no'),
    create: (ctx) => new DhcpAnalyzer(ctx, join ?? ctx.shared?.('dhcp.join', () => new DhcpJoin()) ?? fallback),
  };
}

export const dhcpSpec: DatagramAnalyzerSpec = makeDhcpSpec();
