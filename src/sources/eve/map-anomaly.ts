// EVE `anomaly` events → weird (Zeek weird.log meaning: malformed or unexpected traffic).
//   anomaly.event (else code) → name (Suricata's name, e.g. decoder.ipv4.opt_pad_required,
//   APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION);  layer and app_proto → addl;
//   type decode → source from the event's layer (IP, TCP, UDP, ICMP, …), stream → TCP,
//   applayer → the protocol's Zeek name;  host (the sensor) → peer.
// Anomalies are written in packet direction; decoder anomalies may have no flow or no addresses.
import type { Anomaly } from '../../schema/anomaly.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { connId, packetSwap, statedDirection, type EveHead } from './eve-head.js';
import { compact, count, obj, text, type Json } from './eve-json.js';
import { zeekService } from './names.js';

const LAYERS: Record<string, string> = { ipv4: 'IP', ipv6: 'IP', ip: 'IP', tcp: 'TCP', udp: 'UDP', icmpv4: 'ICMP', icmpv6: 'ICMP', sctp: 'SCTP', ethernet: 'ethernet', vlan: 'vlan', gre: 'GRE', ppp: 'PPP', pppoe: 'PPPoE', mpls: 'MPLS', vxlan: 'VXLAN', geneve: 'Geneve', ieee8021ah: 'ethernet', erspan: 'ERSPAN' };

function sourceOf(type: string | undefined, event: string | undefined, appProto: string | undefined): string | undefined {
  if (type === 'stream') return 'TCP';
  if (type === 'applayer') return zeekService(appProto) ?? 'applayer';
  if (type === 'decode' && event) {
    const parts = event.split('.');
    const layer = (parts[0] === 'decoder' ? parts[1] : parts[0])?.toLowerCase();
    return layer ? (Object.hasOwn(LAYERS, layer) ? LAYERS[layer] : layer) : undefined;
  }
  return type;
}

/** `h` is undefined when the anomaly names no addresses (then it has no uid/id either). */
export function mapAnomaly(ev: Json, h: EveHead | undefined, ts: number, ctx: EveContext): Outcome {
  const a = obj(ev.anomaly);
  if (!a) return failed('anomaly event without an "anomaly" object');
  const event = text(a.event);
  const name = event ?? (count(a.code) !== undefined ? `suricata_anomaly_${count(a.code)}` : undefined);
  if (name === undefined) return failed('anomaly event without event name');
  const type = text(a.type);
  const appProto = text(a.app_proto) ?? text(ev.app_proto);
  const addl = [text(a.layer), type === 'applayer' ? undefined : appProto].filter(Boolean).join(' ');
  const rec: Anomaly = compact({
    ts,
    uid: h?.uid,
    id: h ? connId(h, packetSwap(ctx.originators, h, statedDirection(ev))) : undefined,
    name,
    addl: addl || undefined,
    notice: false,
    peer: text(ev.host),
    source: sourceOf(type, event, appProto),
  });
  ctx.emit('weird', rec, ctx.at);
  return MAPPED;
}
