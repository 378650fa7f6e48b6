// EVE `dns` events → dns (Zeek dns.log meaning: one record per transaction, query and response
// together, with rtt between them).
//
// EVE writes DNS in three layouts, all handled here:
// - v1 (Suricata ≤ 4.0): one event per query ("type":"query") and one per answer RR
//   ("type":"answer", rrname/rrtype/ttl/rdata of that RR; "authority" for the authority section).
// - v2 (4.1 – 7): query events as v1; one answer event per response ("version":2) with the
//   question's rrname/rrtype, flags, rcode, an `answers` array (detailed) and/or `grouped` answers
//   by type (grouped only: no TTLs). Both are written in the flow's direction (src = client).
// - v3 (8+): "request"/"response" events ("version":3) with a `queries` array, written in the
//   packet's direction (a response's src is the server).
// A query waits here for its response (same flow, same DNS id); v1 answer RRs collect until the
// next query of the same transaction, a bound on waiting transactions, or the end of the input.
import type { ConnId } from '../../schema/conn.js';
import type { Dns } from '../../schema/logs/dns.js';
import { MAPPED, failed, skipped, type EveContext, type LineRef, type Outcome, type StatefulMapper } from './context.js';
import { addressText, connId, type EveHead } from './eve-head.js';
import { arr, bool, compact, count, obj, str, text, type Json } from './eve-json.js';
import { dnsRcode, dnsType } from './names.js';

/** Transactions waiting for their response; more than this and the oldest is logged as it is. */
export const MAX_PENDING_DNS = 10_000;

const DNS_PORTS = new Set([53, 5353, 5355]);

interface Tx {
  at: LineRef;
  uid: string;
  id: ConnId;
  proto: string;
  transId: number | undefined;
  queryTs?: number;
  respTs?: number;
  query?: string;
  qtype?: string;
  queryFlags?: number;
  respFlags?: number;
  rcode?: string;
  answers: string[];
  ttls: number[];
  /** false when an answer came without its TTL (grouped format): TTLs are then not logged */
  ttlsKnown: boolean;
}

/** An answer's rdata as Zeek writes it in dns.log `answers`. */
function rdata(type: string | undefined, rec: Json): string | undefined {
  const rd = rec.rdata;
  if (typeof rd === 'string') {
    if (type === 'A' || type === 'AAAA') return addressText(rd) ?? rd;
    if (type === 'TXT' || type === 'SPF') return `TXT ${rd.length} ${rd}`;
    return rd;
  }
  return grouped(type, rd ?? rec.srv ?? rec.soa ?? rec.mx ?? rec.sshfp);
}

/** One value of a `grouped` list (a string, or an SRV/SOA/MX/SSHFP object). */
function grouped(type: string | undefined, v: unknown): string | undefined {
  if (typeof v === 'string') return rdata(type, { rdata: v });
  const o = obj(v);
  if (!o) return undefined;
  return text(o.name) ?? text(o.mname) ?? text(o.exchange) ?? text(o.fingerprint);
}

function hexFlags(v: unknown): number | undefined {
  return typeof v === 'string' && /^[0-9a-fA-F]{1,4}$/.test(v) ? parseInt(v, 16) : undefined;
}

/** The header flags: the hex `flags` when written, else rebuilt from the booleans. */
function headerFlags(d: Json): number | undefined {
  const hex = hexFlags(d.flags);
  if (hex !== undefined) return hex;
  const bits: [string, number][] = [['qr', 0x8000], ['aa', 0x0400], ['tc', 0x0200], ['rd', 0x0100], ['ra', 0x0080], ['z', 0x0040]];
  let f: number | undefined;
  for (const [k, bit] of bits) {
    const b = bool(d[k]);
    if (b !== undefined) f = (f ?? 0) | (b ? bit : 0);
  }
  return f;
}

export class DnsMapper implements StatefulMapper {
  /** per flow and DNS id, the transactions not yet logged, oldest first (as Zeek pairs replies with queries) */
  private readonly pending = new Map<string, Tx[]>();
  private held = 0;
  constructor(private readonly max = MAX_PENDING_DNS) {}

  map(ev: Json, h: EveHead, ctx: EveContext): Outcome {
    const d = obj(ev.dns);
    if (!d) return failed('dns event without a "dns" object');
    if (h.uid === undefined) return failed('dns event without flow_id');
    const type = str(d.type);
    const isQuery = type === 'query' || type === 'request';
    const isResponse = type === 'answer' || type === 'response' || type === 'authority' || type === 'additional';
    if (!isQuery && !isResponse) return failed(`dns event of unknown type ${JSON.stringify(d.type)}`);

    const id = this.orient(h, type === 'response', ctx);
    const transId = count(d.id);
    const key = `${h.uid}#${transId ?? ''}`;
    const q0 = obj(arr(d.queries)?.[0]);
    const qname = str(q0?.rrname) ?? str(d.rrname);
    const qtype = str(q0?.rrtype) ?? str(d.rrtype);
    const fresh = (): Tx => ({ at: ctx.at, uid: h.uid!, id, proto: h.proto, transId, answers: [], ttls: [], ttlsKnown: true });
    let queue = this.pending.get(key);

    if (isQuery) {
      // v1 responses collected so far for this id are complete once the client asks again
      const done = queue?.filter((t) => t.respTs !== undefined) ?? [];
      if (queue && done.length) {
        for (const t of done) this.emit(ctx, t);
        this.held -= done.length;
        const open = queue.filter((t) => t.respTs === undefined);
        if (open.length) this.pending.set(key, open);
        else this.pending.delete(key);
      }
      this.hold(ctx, key, { ...fresh(), queryTs: h.ts, query: qname, qtype, queryFlags: headerFlags(d) });
      return MAPPED;
    }

    const respond = (tx: Tx) => {
      tx.respTs = h.ts;
      tx.rcode = str(d.rcode);
      tx.respFlags = headerFlags(d);
      if (tx.query === undefined) {
        tx.query = qname;
        tx.qtype = qtype;
      }
    };

    const perRecord = d.version === undefined && !arr(d.answers) && !obj(d.grouped);
    if (perRecord) {
      // v1: this line is one RR of a response; RRs of one response share its packet's time
      let tx = queue?.find((t) => t.respTs === h.ts) ?? queue?.find((t) => t.respTs === undefined);
      if (!tx) {
        tx = fresh();
        this.hold(ctx, key, tx);
      }
      if (tx.respTs === undefined) respond(tx);
      if (type !== 'answer') return tx.answers.length ? MAPPED : skipped('dns v1 authority record');
      const rd = rdata(str(d.rrtype), d);
      if (rd !== undefined) {
        tx.answers.push(rd);
        const ttl = count(d.ttl);
        if (ttl === undefined) tx.ttlsKnown = false;
        else tx.ttls.push(ttl);
      }
      return MAPPED;
    }

    // v2 / v3: the whole response in one event, answering the oldest open query
    let tx: Tx;
    if (queue?.length) {
      tx = queue.shift()!;
      this.held--;
      if (!queue.length) this.pending.delete(key);
    } else tx = fresh();
    respond(tx);
    const detailed = arr(d.answers);
    if (detailed) {
      for (const a of detailed) {
        const ao = obj(a);
        if (!ao) continue;
        const rd = rdata(str(ao.rrtype), ao);
        if (rd === undefined) continue;
        tx.answers.push(rd);
        const ttl = count(ao.ttl);
        if (ttl === undefined) tx.ttlsKnown = false;
        else tx.ttls.push(ttl);
      }
    } else {
      const g = obj(d.grouped);
      if (g) {
        tx.ttlsKnown = false;
        for (const t in g) for (const v of arr(g[t]) ?? []) {
          const rd = grouped(t, v);
          if (rd !== undefined) tx.answers.push(rd);
        }
      }
    }
    this.emit(ctx, tx);
    return MAPPED;
  }

  flush(ctx: EveContext): void {
    for (const queue of this.pending.values()) for (const tx of queue) this.emit(ctx, tx);
    this.pending.clear();
    this.held = 0;
  }

  /** Client first: the side on the DNS port is the server; else a v3 response came from the server. */
  private orient(h: EveHead, response: boolean, ctx: EveContext): ConnId {
    const dstDns = DNS_PORTS.has(h.dstPort);
    const srcDns = DNS_PORTS.has(h.srcPort);
    const swap = srcDns && !dstDns ? true : dstDns && !srcDns ? false : (ctx.originators.srcIsOrig(h) ?? !response) === false;
    const id = connId(h, swap);
    ctx.originators.learn(h.uid, id.orig_h, id.orig_p);
    return id;
  }

  private hold(ctx: EveContext, key: string, tx: Tx): void {
    const queue = this.pending.get(key);
    if (queue) queue.push(tx);
    else this.pending.set(key, [tx]);
    this.held++;
    // too many open: log the oldest flow/id's transactions as they are
    while (this.held > this.max) {
      const [oldKey, oldQueue] = this.pending.entries().next().value!;
      this.pending.delete(oldKey);
      this.held -= oldQueue.length;
      for (const t of oldQueue) this.emit(ctx, t);
    }
  }

  private emit(ctx: EveContext, tx: Tx): void {
    const [qtype, qtypeName] = dnsType(tx.qtype);
    const [rcode, rcodeName] = dnsRcode(tx.rcode);
    const resp = tx.respFlags;
    const rd = tx.queryFlags ?? resp;
    const z = resp ?? tx.queryFlags;
    const ts = tx.queryTs ?? tx.respTs!;
    const rec: Dns = {
      ts,
      uid: tx.uid,
      id: tx.id,
      proto: tx.proto,
      trans_id: tx.transId,
      rtt: tx.queryTs !== undefined && tx.respTs !== undefined && tx.respTs >= tx.queryTs ? Math.round((tx.respTs - tx.queryTs) * 1e6) / 1e6 : undefined,
      query: tx.query,
      qtype,
      qtype_name: qtypeName,
      rcode,
      rcode_name: rcodeName,
      AA: resp === undefined ? undefined : (resp & 0x0400) !== 0,
      TC: resp === undefined ? undefined : (resp & 0x0200) !== 0,
      RD: rd === undefined ? undefined : (rd & 0x0100) !== 0,
      RA: resp === undefined ? undefined : (resp & 0x0080) !== 0,
      Z: z === undefined ? undefined : (z >> 4) & 7,
      answers: tx.answers.length ? tx.answers : undefined,
      TTLs: tx.answers.length && tx.ttlsKnown && tx.ttls.length === tx.answers.length ? tx.ttls : undefined,
    };
    ctx.emit('dns', compact(rec), tx.at);
  }
}
