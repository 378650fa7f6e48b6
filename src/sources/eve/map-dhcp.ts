// EVE `dhcp` events → dhcp (Zeek dhcp.log meaning: one record per exchange, DISCOVER … ACK, not one
// per message). Messages with the same transaction id and client MAC are gathered until the server
// ends the exchange (ACK, NAK) or the client does (RELEASE, DECLINE), a bound on open exchanges,
// or the end of the input.
//   dhcp_type → msg_types (upper case, in order);  client_mac → mac;  hostname → host_name;
//   client_ip (≠ 0.0.0.0) → client_addr;  assigned_ip (≠ 0.0.0.0) → assigned_addr;
//   requested_ip → requested_addr;  lease_time → lease_time;  the reply's sender → server_addr;
//   flow uids of every message → uids;  last − first message time → duration.
import type { Dhcp } from '../../schema/logs/dhcp.js';
import { MAPPED, failed, trimOldest, type EveContext, type LineRef, type Outcome, type StatefulMapper } from './context.js';
import type { EveHead } from './eve-head.js';
import { addressText } from './eve-head.js';
import { compact, count, obj, str, text, type Json } from './eve-json.js';

export const MAX_OPEN_DHCP = 10_000;
const FINAL = new Set(['ACK', 'NAK', 'RELEASE', 'DECLINE']);

interface Exchange {
  at: LineRef;
  first: number;
  last: number;
  rec: Dhcp;
  uids: string[];
  msgTypes: string[];
}

function addr(v: unknown): string | undefined {
  const a = addressText(v);
  return a === '0.0.0.0' ? undefined : a;
}

export class DhcpMapper implements StatefulMapper {
  private readonly open = new Map<string, Exchange>();
  constructor(private readonly max = MAX_OPEN_DHCP) {}

  map(ev: Json, h: EveHead, ctx: EveContext): Outcome {
    const d = obj(ev.dhcp);
    if (!d) return failed('dhcp event without a "dhcp" object');
    const key = `${count(d.id) ?? ''}|${str(d.client_mac) ?? ''}`;
    let x = this.open.get(key);
    if (!x) {
      x = { at: ctx.at, first: h.ts, last: h.ts, rec: { ts: h.ts }, uids: [], msgTypes: [] };
      this.open.set(key, x);
      trimOldest(this.open, this.max, (old) => this.emit(ctx, old));
    }
    x.first = Math.min(x.first, h.ts);
    x.last = Math.max(x.last, h.ts);
    if (h.uid !== undefined && !x.uids.includes(h.uid)) x.uids.push(h.uid);
    const type = text(d.dhcp_type)?.toUpperCase();
    if (type) x.msgTypes.push(type);
    const r = x.rec;
    r.mac ??= text(d.client_mac);
    r.host_name ??= text(d.hostname)?.replace(/\0+$/, '') || undefined;
    r.client_addr ??= addr(d.client_ip);
    r.requested_addr ??= addr(d.requested_ip);
    const assigned = addr(d.assigned_ip);
    if (assigned) r.assigned_addr = assigned;
    const lease = count(d.lease_time);
    if (lease !== undefined) r.lease_time = lease;
    if (str(d.type) === 'reply' || h.srcPort === 67) r.server_addr ??= h.src === '0.0.0.0' ? undefined : h.src;
    if (type && FINAL.has(type)) {
      this.open.delete(key);
      this.emit(ctx, x);
    }
    return MAPPED;
  }

  flush(ctx: EveContext): void {
    for (const x of this.open.values()) this.emit(ctx, x);
    this.open.clear();
  }

  private emit(ctx: EveContext, x: Exchange): void {
    const rec: Dhcp = compact({
      ...x.rec,
      ts: x.first,
      uids: x.uids.length ? x.uids : undefined,
      msg_types: x.msgTypes.length ? x.msgTypes : undefined,
      duration: x.last > x.first ? Math.round((x.last - x.first) * 1e6) / 1e6 : undefined,
    });
    ctx.emit('dhcp', rec, x.at);
  }
}
