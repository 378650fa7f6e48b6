// A decoded flow as the schema's Connection (Zeek conn.log meaning), plus the raw field map and the
// exporter so the caller can store what NetFlow says beyond conn.log. NetFlow records one direction
// of traffic as seen by one exporter: the originator is the flow's source, resp_* are 0 and
// conn_state is OTH (no handshake was seen), history is unknown.
import type { Connection, TransportProto } from '../../schema/conn.js';
import type { FieldValue, FlowFields } from './field-value.js';
import { numberOf, type DecodedFlow } from './flow.js';

export const UID_PREFIX = 'N';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Connection uids for flows: "N" + 18 base62 characters from a counter mixed with a seed, so the
 * same input replayed with the same seed gives the same uids (and everything that cites them).
 */
export class FlowUidGenerator {
  private counter = 0;

  constructor(private readonly seed = 0, private readonly prefix = UID_PREFIX) {}

  private mix(x: number): number {
    let z = (x + 0x9e3779b9) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  next(): string {
    const n = ++this.counter;
    let s = this.prefix;
    for (let w = 0; w < 3; w++) {
      let x = this.mix((this.seed ^ Math.imul(n, 0x27d4eb2d) ^ Math.imul(w + 1, 0x165667b1)) >>> 0);
      x = this.mix((x + Math.floor(n / 4294967296)) >>> 0);
      for (let i = 0; i < 6; i++) {
        s += ALPHABET[x % 62];
        x = Math.floor(x / 62);
      }
    }
    return s;
  }
}

export interface FlowConnection {
  connection: Connection;
  /** every field the exporter sent, by name (see fields.ts) */
  fields: FlowFields;
  /** the exporter's address and observation domain / source id */
  exporter: string;
  domain: number;
  /** 1 when unsampled; packets and bytes in `connection` are already multiplied by it */
  samplingRate: number;
}

export type ToConnectionResult =
  | { ok: true; value: FlowConnection }
  | { ok: false; reason: 'options_record' | 'no_addresses'; error: string };

// ICMP "ports" as Zeek defines them: originator port = type, responder port = the counterpart
// type (echo request 8 ↔ reply 0 …) or, for one-way messages, the code.
const ICMP4_COUNTERPART: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 };
const ICMP6_COUNTERPART: Record<number, number> = { 128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144 };

function protoName(p: number | undefined): TransportProto {
  return p === 6 ? 'tcp' : p === 17 ? 'udp' : p === 1 || p === 58 ? 'icmp' : 'unknown_transport';
}

function text(v: FieldValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isZeroAddress(a: string | undefined): boolean {
  return a === undefined || a === '0.0.0.0' || a === '::';
}

/** The flow's endpoints: IPv4 or IPv6 by ipVersion, else whichever pair is filled in. */
function addresses(f: FlowFields): [string, string] | undefined {
  const v4: [string | undefined, string | undefined] = [text(f.sourceIPv4Address), text(f.destinationIPv4Address)];
  const v6: [string | undefined, string | undefined] = [text(f.sourceIPv6Address), text(f.destinationIPv6Address)];
  const has = (p: [string | undefined, string | undefined]) => p[0] !== undefined && p[1] !== undefined;
  const filled = (p: [string | undefined, string | undefined]) => has(p) && !(isZeroAddress(p[0]) && isZeroAddress(p[1]));
  const version = numberOf(f.ipVersion);
  const order = version === 6 ? [v6, v4] : version === 4 ? [v4, v6] : [filled(v4) || !has(v6) ? v4 : v6, v6];
  for (const p of order) if (has(p)) return p as [string, string];
  return undefined;
}

function port(f: FlowFields, ...names: string[]): number {
  for (const n of names) {
    const v = numberOf(f[n]);
    if (v !== undefined && v >= 0 && v <= 65535) return v;
  }
  return 0;
}

/** ICMP type and code: from the explicit fields, else the combined field, else the destination port. */
function icmpPorts(f: FlowFields, v6: boolean): [number, number] {
  let type = numberOf(v6 ? f.icmpTypeIPv6 : f.icmpTypeIPv4);
  let code = numberOf(v6 ? f.icmpCodeIPv6 : f.icmpCodeIPv4);
  if (type === undefined) {
    const combined = numberOf(v6 ? f.icmpTypeCodeIPv6 : f.icmpTypeCodeIPv4);
    // Exporters that have no ICMP field encode type << 8 | code in the destination port.
    const tc = combined !== undefined && combined > 0 ? combined : port(f, 'destinationTransportPort');
    type = (tc >>> 8) & 255;
    code = tc & 255;
  }
  const t = type & 255;
  const counterpart = (v6 ? ICMP6_COUNTERPART : ICMP4_COUNTERPART)[t];
  return [t, counterpart ?? (code ?? 0) & 255];
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.round(n), Number.MAX_SAFE_INTEGER) : 0;
}

export function toConnection(flow: DecodedFlow, uids: FlowUidGenerator): ToConnectionResult {
  if (flow.options) return { ok: false, reason: 'options_record', error: `template ${flow.templateId} is an options record, not traffic` };
  const f = flow.fields;
  const addrs = addresses(f);
  if (!addrs) return { ok: false, reason: 'no_addresses', error: `template ${flow.templateId} record has no source and destination address` };
  const ipProto = numberOf(f.protocolIdentifier);
  const proto = protoName(ipProto);
  const v6 = addrs[0].includes(':');
  const [origP, respP] = proto === 'icmp'
    ? icmpPorts(f, ipProto === 58 || v6)
    : [port(f, 'sourceTransportPort', 'udpSourcePort', 'tcpSourcePort'), port(f, 'destinationTransportPort', 'udpDestinationPort', 'tcpDestinationPort')];
  const connection: Connection = {
    ts: flow.start,
    uid: uids.next(),
    id: { orig_h: addrs[0], orig_p: origP, resp_h: addrs[1], resp_p: respP },
    proto,
    conn_state: 'OTH',
    missed_bytes: 0,
    orig_pkts: count(flow.packets),
    orig_ip_bytes: count(flow.bytes),
    resp_pkts: 0,
    resp_ip_bytes: 0,
  };
  const duration = flow.end - flow.start;
  if (duration > 0) connection.duration = duration;
  if (ipProto !== undefined && ipProto >= 0 && ipProto <= 255) connection.ip_proto = ipProto;
  const mac = text(f.sourceMacAddress);
  if (mac && mac !== '00:00:00:00:00:00') connection.orig_l2_addr = mac;
  const dmac = text(f.destinationMacAddress);
  if (dmac && dmac !== '00:00:00:00:00:00') connection.resp_l2_addr = dmac;
  const vlan = numberOf(f.vlanId) ?? numberOf(f.dot1qVlanId);
  if (vlan !== undefined && vlan > 0 && vlan < 4096) connection.vlan = vlan;
  return { ok: true, value: { connection, fields: f, exporter: flow.exporter, domain: flow.domain, samplingRate: flow.samplingRate } };
}
