// DNS over UDP and TCP (Zeek's DNS analyzer and base/protocols/dns/main.zeek): one dns.log record
// per query/reply pair, paired by transaction id within the connection; unmatched queries and
// replies are logged when the connection ends. mDNS to multicast groups is not paired: every
// message is its own record.
import type { Dns } from '../../schema/logs/dns.js';
import type { AnalyzerContext, DatagramAnalyzer, DatagramAnalyzerSpec, Detection, Ports, StreamAnalyzer, StreamAnalyzerSpec } from '../app/analyzer.js';
import { decodeNetbiosName, opcodeName, qclassName, qtypeName, rcodeName } from './names.js';
import { looksLikeDns, parseMessage, parseTcpFrame, type DnsMessage, type DnsRR } from './parse.js';

/** Zeek's DNS::max_pending_query_ids: distinct unmatched transaction ids kept per connection. */
export const MAX_PENDING_IDS = 50;
/** Zeek's DNS::max_pending_msgs: unmatched messages kept per transaction id. */
export const MAX_PENDING_PER_ID = 50;
/** Answers kept in one record. */
export const MAX_ANSWERS = 512;

/** Ports Zeek's DNS analyzer is registered on (UDP: DNS, NetBIOS name service, mDNS, LLMNR). */
const DNS_UDP_PORTS = new Set([53, 137, 5353, 5355]);

interface Txn {
  rec: Dns;
  sawQuery: boolean;
  sawReply: boolean;
  /** the record is logged after each message (mDNS to a multicast group) */
  standalone: boolean;
}

type Pending = Map<number, Txn[]>;

function isMulticast(addr: string): boolean {
  if (addr.includes(':')) return addr.toLowerCase().startsWith('ff');
  const first = Number(addr.slice(0, addr.indexOf('.')));
  return first >= 224 && first <= 239;
}

/** Per-connection DNS state shared by the UDP and TCP front ends. */
export class DnsSession {
  private readonly queries: Pending = new Map();
  private readonly replies: Pending = new Map();
  private confirmed = false;
  private dead = false;
  private readonly mdnsMulticast: boolean;
  private readonly netbios: boolean;

  constructor(private readonly ctx: AnalyzerContext) {
    const id = ctx.conn.id;
    this.mdnsMulticast = ctx.conn.proto === 'udp' && id.resp_p === 5353 && isMulticast(id.resp_h);
    this.netbios = ctx.conn.proto === 'udp' && id.resp_p === 137;
  }

  /** One whole DNS message (a datagram, or a TCP message without its length prefix). */
  message(data: Buffer): void {
    if (this.dead) return;
    const r = parseMessage(data);
    if (r.status !== 'ok') {
      const anomaly = r.status === 'malformed' ? r.anomaly : 'DNS_truncated_len_lt_hdr_len';
      this.ctx.weird(anomaly, r.status === 'malformed' ? r.detail : undefined);
      if (anomaly === 'DNS_Conn_count_too_large') this.kill(anomaly);
      return;
    }
    const msg = r.value;
    if (!this.confirmed) {
      this.confirmed = true;
      this.ctx.confirm();
    }
    const txn = this.session(msg);
    this.apply(txn, msg);
    for (const w of msg.weirds) this.ctx.weird(w);
    if (msg.error) this.ctx.weird(msg.error, msg.errorDetail);
    this.endMessage(txn, msg);
    if (msg.fatal) this.kill(msg.error ?? 'DNS');
  }

  /** The connection ended: log what never found its other half. */
  end(): void {
    this.flush(this.queries);
    this.flush(this.replies);
  }

  private kill(reason: string): void {
    this.end();
    this.dead = true;
    this.ctx.violation(reason);
  }

  private newTxn(msg: DnsMessage, standalone: boolean): Txn {
    const c = this.ctx.conn;
    const rec: Dns = {
      ts: this.ctx.now(), uid: c.uid, id: c.id, proto: c.proto, trans_id: msg.header.id,
      AA: false, TC: false, RD: false, RA: false, Z: 0, rejected: false,
    };
    return { rec, sawQuery: false, sawReply: false, standalone };
  }

  /** Zeek's DNS::set_session: pair with the oldest opposite message of the same id, or wait. */
  private session(msg: DnsMessage): Txn {
    const h = msg.header;
    let txn: Txn;
    if (this.mdnsMulticast) txn = this.newTxn(msg, true);
    else {
      const [mine, theirs] = h.qr ? [this.replies, this.queries] : [this.queries, this.replies];
      const q = theirs.get(h.id);
      const head = q?.shift();
      if (q && !q.length) theirs.delete(h.id);
      if (head) txn = head;
      else {
        txn = this.newTxn(msg, false);
        if (h.qr) this.ctx.weird('dns_unmatched_reply');
        this.enqueue(mine, h.id, txn);
      }
    }
    txn.rec.opcode = h.opcode;
    txn.rec.opcode_name = opcodeName(h.opcode);
    if (h.qr) {
      txn.rec.rcode = h.rcode;
      txn.rec.rcode_name = rcodeName(h.rcode);
    }
    return txn;
  }

  private enqueue(pending: Pending, id: number, txn: Txn): void {
    let q = pending.get(id);
    if (!q) {
      if (pending.size > MAX_PENDING_IDS) {
        this.ctx.weird('dns_unmatched_query_id_quantity');
        this.flush(pending);
      }
      pending.set(id, (q = []));
    } else if (q.length > MAX_PENDING_PER_ID) {
      this.ctx.weird('dns_unmatched_msg_quantity');
      for (const t of q) this.ctx.emit({ type: 'dns', record: t.rec });
      q.length = 0;
    }
    q.push(txn);
  }

  private flush(pending: Pending): void {
    for (const q of pending.values()) for (const t of q) this.ctx.emit({ type: 'dns', record: t.rec });
    pending.clear();
  }

  /** The per-message events: dns_request, dns_rejected and the replies. */
  private apply(txn: Txn, msg: DnsMessage): void {
    const h = msg.header;
    const rec = txn.rec;
    if (h.opcode === 5) return this.applyUpdate(txn, msg);
    if (!h.qr) {
      for (const q of msg.questions) {
        rec.RD = h.rd;
        rec.TC = h.tc;
        rec.qclass = q.qclass;
        rec.qclass_name = qclassName(q.qclass);
        rec.qtype = q.qtype;
        rec.qtype_name = qtypeName(q.qtype);
        rec.Z = h.z;
        rec.query = q.name;
        if (this.netbios) {
          rec.query = decodeNetbiosName(q.name);
          if (rec.qtype_name === 'SRV') rec.qtype_name = 'NBSTAT';
        }
      }
      return;
    }
    if (msg.questions.length && h.ancount === 0 && h.nscount === 0 && h.arcount === 0) rec.rejected = true;
    for (const a of msg.answers) if (a.reply !== null) this.reply(rec, msg, a, a.reply);
  }

  /** Zeek's DNS::do_reply for an answer-section record. */
  private reply(rec: Dns, msg: DnsMessage, a: DnsRR, text: string): void {
    if (rec.query === undefined) rec.query = a.name;
    rec.AA = msg.header.aa;
    rec.RA = msg.header.ra;
    this.rtt(rec);
    if (text !== '') this.addAnswer(rec, text, a.ttl);
  }

  private rtt(rec: Dns): void {
    if (rec.rtt === undefined) {
      const rtt = this.ctx.now() - rec.ts;
      if (rtt !== 0) rec.rtt = rtt;
    }
  }

  private addAnswer(rec: Dns, text: string, ttl: number): void {
    const answers = (rec.answers ??= []);
    const ttls = (rec.TTLs ??= []);
    if (answers.length >= MAX_ANSWERS) return;
    answers.push(text);
    ttls.push(ttl);
  }

  /** Dynamic update (RFC 2136): the prerequisites and updates of the request become answers. */
  private applyUpdate(txn: Txn, msg: DnsMessage): void {
    const rec = txn.rec;
    if (msg.header.qr) return this.rtt(rec);
    const zoneClass = msg.questions[0]?.qclass ?? 1;
    for (const a of msg.answers) {
      if (rec.query === undefined) rec.query = a.name;
      this.addAnswer(rec, `pre: ${prerequisiteText(a, zoneClass)}`, a.ttl);
    }
    for (const a of msg.updates) {
      if (rec.query === undefined) rec.query = a.name;
      this.addAnswer(rec, updateText(a, zoneClass), a.ttl);
    }
  }

  /** Zeek's dns_end: log once both halves were seen (or at once for unpaired mDNS). */
  private endMessage(txn: Txn, msg: DnsMessage): void {
    if (msg.header.qr) txn.sawReply = true;
    else txn.sawQuery = true;
    if (txn.standalone || (txn.sawQuery && txn.sawReply)) this.ctx.emit({ type: 'dns', record: txn.rec });
  }
}

function prerequisiteText(a: DnsRR, zoneClass: number): string {
  const t = qtypeName(a.type);
  if (a.cls === 255) return a.type === 255 ? `NameInUse ${a.name}` : `RRSet ${t} ${a.name}`;
  if (a.cls === 254) return a.type === 255 ? `NameNotInUse ${a.name}` : `NoRRSet ${t} ${a.name}`;
  return a.cls === zoneClass ? `RRSet ${t} ${a.name} ${a.reply ?? ''}`.trimEnd() : `${t} ${a.name}`;
}

function updateText(a: DnsRR, zoneClass: number): string {
  const t = qtypeName(a.type);
  if (a.cls === 255) return a.type === 255 ? `del: All ${a.name}` : `del: RRSet ${t}`;
  if (a.cls === 254) return `del: ${t} ${a.name} ${a.reply ?? ''}`.trimEnd();
  void zoneClass;
  return `add: ${t} ${a.name} ${a.reply ?? ''}`.trimEnd();
}

export class DnsDatagramAnalyzer implements DatagramAnalyzer {
  private readonly s: DnsSession;
  constructor(ctx: AnalyzerContext) {
    this.s = new DnsSession(ctx);
  }
  datagram(_isOrig: boolean, data: Buffer): void {
    this.s.message(data);
  }
  end(): void {
    this.s.end();
  }
}

/** DNS over TCP: each message has a 2-byte length prefix. */
export class DnsStreamAnalyzer implements StreamAnalyzer {
  private readonly s: DnsSession;
  private readonly pending: [Buffer | null, Buffer | null] = [null, null];
  private readonly lost = [false, false];
  constructor(ctx: AnalyzerContext) {
    this.s = new DnsSession(ctx);
  }
  data(isOrig: boolean, data: Buffer): void {
    const d = isOrig ? 0 : 1;
    if (this.lost[d]) return;
    const prev = this.pending[d];
    const buf = prev ? Buffer.concat([prev, data]) : data;
    let off = 0;
    for (;;) {
      const f = parseTcpFrame(buf.subarray(off));
      if (f.status !== 'ok') break;
      off += f.consumed;
      this.s.message(f.value);
    }
    this.pending[d] = off < buf.length ? Buffer.from(buf.subarray(off)) : null;
  }
  gap(isOrig: boolean): void {
    // The framing is lost with the bytes: stop reading this direction.
    const d = isOrig ? 0 : 1;
    this.lost[d] = true;
    this.pending[d] = null;
  }
  end(): void {
    this.s.end();
  }
}

function dnsPort(ports: Ports): boolean {
  return DNS_UDP_PORTS.has(ports.resp) || DNS_UDP_PORTS.has(ports.orig);
}

export const dnsDatagramSpec: DatagramAnalyzerSpec = {
  name: 'dns',
  detect(data: Buffer, _isOrig: boolean, ports: Ports): Detection {
    const known = dnsPort(ports);
    if (looksLikeDns(data, !known)) return 'yes';
    return known ? 'maybe' : 'no';
  },
  create: (ctx) => new DnsDatagramAnalyzer(ctx),
};

export const dnsStreamSpec: StreamAnalyzerSpec = {
  name: 'dns',
  detect(orig: Buffer, resp: Buffer, ports: Ports): Detection {
    const known = ports.resp === 53 || ports.orig === 53;
    const side = orig.length ? orig : resp;
    if (side.length < 2) return 'maybe';
    const len = side.readUInt16BE(0);
    if (len < 12) return 'no';
    if (side.length >= 2 + len) return looksLikeDns(side.subarray(2, 2 + len), !known) ? 'yes' : 'no';
    // A message longer than what detection keeps: judge the header and questions that are there.
    if (side.length < 14) return 'maybe';
    if (!known) return len > 1022 ? 'no' : 'maybe';
    return looksLikeDns(side.subarray(2), false, true) ? 'yes' : 'no';
  },
  create: (ctx) => new DnsStreamAnalyzer(ctx),
};
