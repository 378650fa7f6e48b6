// Connection record: one finished (or flushed) connection, with Zeek conn.log's meaning for every field.
// The schema is the single source of truth: the TypeScript type is inferred from it, and the same
// schema validates records that arrive from outside (Zeek logs, EVE, NetFlow) at the edge.
import { z } from 'zod';
import { ZEEK_CONN_HEAD, type ZeekField } from './zeek-layout.js';

/** The 4-tuple of a connection, as Zeek's conn_id record (orig = the side that started it). */
export const ConnIdSchema = z.object({
  /** originator address (IPv4 dotted quad or IPv6 in RFC 5952 text) */
  orig_h: z.string(),
  /** originator port; for ICMP the message type */
  orig_p: z.number().int().min(0).max(65535),
  /** responder address */
  resp_h: z.string(),
  /** responder port; for ICMP the counterpart type (echo 8 ↔ 0) or else the code */
  resp_p: z.number().int().min(0).max(65535),
});
export type ConnId = z.infer<typeof ConnIdSchema>;

export const TRANSPORT_PROTOS = ['tcp', 'udp', 'icmp', 'unknown_transport'] as const;
export type TransportProto = (typeof TRANSPORT_PROTOS)[number];

export const CONN_STATES = [
  'S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH',
] as const;
export type ConnState = (typeof CONN_STATES)[number];

export const ConnectionSchema = z.object({
  /** time of the first packet, seconds since the epoch (event time) */
  ts: z.number(),
  /** unique id of this connection; every record derived from it carries it */
  uid: z.string(),
  id: ConnIdSchema,
  proto: z.enum(TRANSPORT_PROTOS),
  /** application protocols seen, comma-separated Zeek names (dns, http, ssl, …) */
  service: z.string().optional(),
  /** last packet time minus first; absent when the connection had a single instant */
  duration: z.number().optional(),
  /** payload bytes sent by the originator (TCP: from sequence space, so bytes the sensor missed count) */
  orig_bytes: z.number().int().nonnegative().optional(),
  resp_bytes: z.number().int().nonnegative().optional(),
  conn_state: z.enum(CONN_STATES),
  /** originator / responder address is in the configured local networks */
  local_orig: z.boolean().optional(),
  local_resp: z.boolean().optional(),
  /** bytes acknowledged but never seen by the sensor (content gaps) */
  missed_bytes: z.number().int().nonnegative(),
  /** Zeek's history letters (upper case originator, lower case responder) */
  history: z.string().optional(),
  orig_pkts: z.number().int().nonnegative(),
  /** IP-level bytes (IP total length summed) sent by the originator */
  orig_ip_bytes: z.number().int().nonnegative(),
  resp_pkts: z.number().int().nonnegative(),
  resp_ip_bytes: z.number().int().nonnegative(),
  /** uids of the encapsulating connections or tunnels when this one was carried inside a tunnel */
  tunnel_parents: z.array(z.string()).optional(),
  /** IP protocol number */
  ip_proto: z.number().int().min(0).max(255).optional(),
  /** link-layer (MAC) addresses of the first packet in each direction */
  orig_l2_addr: z.string().optional(),
  resp_l2_addr: z.string().optional(),
  /** outer and inner 802.1Q VLAN ids */
  vlan: z.number().int().optional(),
  inner_vlan: z.number().int().optional(),
  /** Community ID v1 flow hash, for joining with other tools' records of the same flow */
  community_id: z.string().optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** conn.log columns in Zeek's order (with the mac-logging, vlan-logging and community-id policy columns). */
export const CONN_LAYOUT: ZeekField[] = [
  ...ZEEK_CONN_HEAD,
  { name: 'proto', type: 'enum' },
  { name: 'service', type: 'string' },
  { name: 'duration', type: 'interval' },
  { name: 'orig_bytes', type: 'count' },
  { name: 'resp_bytes', type: 'count' },
  { name: 'conn_state', type: 'string' },
  { name: 'local_orig', type: 'bool' },
  { name: 'local_resp', type: 'bool' },
  { name: 'missed_bytes', type: 'count' },
  { name: 'history', type: 'string' },
  { name: 'orig_pkts', type: 'count' },
  { name: 'orig_ip_bytes', type: 'count' },
  { name: 'resp_pkts', type: 'count' },
  { name: 'resp_ip_bytes', type: 'count' },
  { name: 'tunnel_parents', type: 'set[string]' },
  { name: 'ip_proto', type: 'count' },
  { name: 'orig_l2_addr', type: 'string' },
  { name: 'resp_l2_addr', type: 'string' },
  { name: 'vlan', type: 'int' },
  { name: 'inner_vlan', type: 'int' },
  { name: 'community_id', type: 'string' },
];

