// An alert raised by another detector (Suricata, Snort, a firewall's IPS) about traffic Mamori also
// sees. It is evidence, not a verdict: later stages weigh it with what they learned, and `uid` ties
// it to the connection it fired on so a breach can cite both. Field names follow EVE's alert
// object (signature, signature_id, gid, rev, category, severity, action), laid out Zeek-style.
import { z } from 'zod';
import { ConnIdSchema } from './conn.js';
import { ZEEK_CONN_HEAD, type ZeekField } from './zeek-layout.js';

export const ExternalAlertSchema = z.object({
  /** time of the packet that triggered the alert, seconds since the epoch (event time) */
  ts: z.number(),
  /** the connection it fired on, when the detector tracked one (EVE: derived from flow_id) */
  uid: z.string().optional(),
  /** the connection's 4-tuple, originator first (not necessarily the triggering packet's direction) */
  id: ConnIdSchema.optional(),
  /** which detector raised it: 'suricata', 'snort', … */
  source: z.string(),
  /** rule text shown to people ("ET SCAN Nmap Scripting Engine User-Agent Detected") */
  signature: z.string(),
  /** rule id (Snort/Suricata sid) */
  signature_id: z.number().int().nonnegative(),
  /** generator id (1 for rules, others for decoder/stream/app-layer events) */
  gid: z.number().int().nonnegative().optional(),
  /** rule revision */
  rev: z.number().int().nonnegative().optional(),
  /** rule class ("Attempted Information Leak"); may be empty */
  category: z.string().optional(),
  /** rule priority as the detector states it: 1 is the most severe */
  severity: z.number().int().nonnegative().optional(),
  /** what the detector did: 'allowed' (IDS), 'blocked' (IPS drop/reject) */
  action: z.string().optional(),
  /** transport as the connection's proto (tcp, udp, icmp, unknown_transport) */
  proto: z.string().optional(),
  /** application protocol, Zeek service name (http, ssl, dns, …) */
  app_proto: z.string().optional(),
  /** direction of the triggering packet relative to the connection: 'to_server' or 'to_client', when known */
  direction: z.string().optional(),
  /** sensor that raised it (EVE `host`) */
  sensor: z.string().optional(),
  /** MITRE ATT&CK tactic and technique ids the rule's metadata names (TA0001, T1190, …) */
  mitre_tactic_ids: z.array(z.string()).optional(),
  mitre_technique_ids: z.array(z.string()).optional(),
});
export type ExternalAlert = z.infer<typeof ExternalAlertSchema>;

/** alert log columns, Zeek-style: ts uid id.* then the alert fields. */
export const EXTERNAL_ALERT_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'source', type: 'string' },
  { name: 'signature', type: 'string' },
  { name: 'signature_id', type: 'count' },
  { name: 'gid', type: 'count' },
  { name: 'rev', type: 'count' },
  { name: 'category', type: 'string' },
  { name: 'severity', type: 'count' },
  { name: 'action', type: 'string' },
  { name: 'proto', type: 'enum' },
  { name: 'app_proto', type: 'string' },
  { name: 'direction', type: 'string' },
  { name: 'sensor', type: 'string' },
  { name: 'mitre_tactic_ids', type: 'set[string]' },
  { name: 'mitre_technique_ids', type: 'set[string]' },
];
