// EVE `alert` events → alert (ExternalAlert): Suricata's verdict on a packet, kept as evidence
// tied to the connection by uid.
//   alert.signature/signature_id/gid/rev/category/severity/action → the same names;
//   app_proto → Zeek service name;  direction (Suricata 7+) → direction;  host → sensor;
//   metadata.mitre_tactic_id / mitre_technique_id → mitre_tactic_ids / mitre_technique_ids;
//   the rest of the rule's metadata → extra.metadata.
// Alerts are written in the triggering packet's direction. id is put originator first: from
// flow.src_ip/src_port (Suricata 7+), else what other events of the flow showed, else the stated
// direction, else the ports (eve-head.ts).
import type { ExternalAlert } from '../../schema/external-alert.js';
import { MAPPED, failed, type EveContext, type Outcome } from './context.js';
import { addressText, connId, packetSwap, statedDirection, type EveHead } from './eve-head.js';
import { compact, count, obj, str, strings, text, type Json } from './eve-json.js';
import { zeekService } from './names.js';

export function mapAlert(ev: Json, h: EveHead, ctx: EveContext): Outcome {
  const a = obj(ev.alert);
  if (!a) return failed('alert event without an "alert" object');
  const sid = count(a.signature_id);
  if (sid === undefined) return failed('alert without signature_id');
  const flow = obj(ev.flow);
  const flowSrc = addressText(flow?.src_ip);
  let swap: boolean;
  let direction = statedDirection(ev);
  if (flowSrc !== undefined) {
    swap = !(flowSrc === h.src && (count(flow?.src_port) ?? h.srcPort) === h.srcPort);
    direction ??= swap ? 'to_client' : 'to_server';
  } else {
    const known = ctx.originators.srcIsOrig(h);
    swap = packetSwap(ctx.originators, h, direction);
    if (known !== undefined) direction ??= known ? 'to_server' : 'to_client';
  }
  const id = connId(h, swap);
  if (flowSrc !== undefined) ctx.originators.learn(h.uid, id.orig_h, id.orig_p);
  const meta = obj(a.metadata);
  let rest: Json | undefined;
  if (meta) {
    for (const k in meta) if (k !== 'mitre_tactic_id' && k !== 'mitre_technique_id') (rest ??= {})[k] = meta[k];
  }
  const rec: ExternalAlert = compact({
    ts: h.ts,
    uid: h.uid,
    id,
    source: 'suricata',
    signature: str(a.signature) ?? '',
    signature_id: sid,
    gid: count(a.gid),
    rev: count(a.rev),
    category: str(a.category),
    severity: count(a.severity),
    action: text(a.action),
    proto: h.proto,
    app_proto: zeekService(str(ev.app_proto), h.proto),
    direction,
    sensor: text(ev.host),
    mitre_tactic_ids: strings(meta?.mitre_tactic_id),
    mitre_technique_ids: strings(meta?.mitre_technique_id),
  });
  ctx.emit('alert', rec, ctx.at, rest ? { metadata: rest } : undefined);
  return MAPPED;
}
